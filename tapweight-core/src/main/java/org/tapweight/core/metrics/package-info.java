/**
 * Evaluation metrics on plain {@code double[]} arrays, for the downstream tasks (MoleculeNet,
 * GLUE): ROC-AUC (single- and multi-task, ties by average ranks), accuracy, precision, recall, F1
 * and the Matthews correlation coefficient of binary predictions, and RMSE, MAE, Pearson and
 * Spearman correlation for regression.
 *
 * <p>Conventions shared by every class here:
 * <ul>
 *   <li>Binary labels and binary predictions are {@code double} values that must be exactly
 *       {@code 0} or {@code 1} ({@code -0.0} counts as 0); the positive class is 1.</li>
 *   <li>Invalid input (null arrays, arrays of different lengths, empty arrays, labels other than
 *       0/1, NaN scores or values) raises {@link java.lang.IllegalArgumentException} whose message
 *       names the argument and the offending index.</li>
 *   <li>An undefined metric that callers meet in practice returns a documented value rather than
 *       throwing: ROC-AUC with one class present is NaN, Pearson/Spearman with a constant input is
 *       NaN, F1/precision/recall with a zero denominator are 0 and MCC with a zero denominator is 0
 *       (the values scikit-learn returns).</li>
 * </ul>
 * No class here keeps state; all are safe to call from several threads.
 */
package org.tapweight.core.metrics;
