package org.tapweight.core.metrics;

import java.util.Arrays;

/**
 * ROC-AUC over several binary tasks, as reported for MoleculeNet classification sets (e.g. Tox21,
 * SIDER, ToxCast): the mean of the per-task AUCs over the tasks that could be scored.
 *
 * @param mean      the mean of the AUCs of the used tasks; NaN when no task was used
 * @param tasksUsed how many tasks had both classes among their non-missing labels
 * @param perTask   one AUC per task, NaN for a skipped task (a copy; the record is immutable)
 */
public record MultiTaskAuc(double mean, int tasksUsed, double[] perTask) {

    public MultiTaskAuc {
        perTask = perTask.clone();
    }

    /** A copy of the per-task AUCs, NaN where a task was skipped. */
    @Override
    public double[] perTask() {
        return perTask.clone();
    }

    /** The number of tasks, used or skipped. */
    public int tasks() {
        return perTask.length;
    }

    /** Whether task {@code t} had both classes and so has an AUC. */
    public boolean used(int t) {
        return !Double.isNaN(perTask[t]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiTaskAuc m
                && Double.compare(mean, m.mean) == 0
                && tasksUsed == m.tasksUsed
                && Arrays.equals(perTask, m.perTask);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Double.hashCode(mean) + tasksUsed) + Arrays.hashCode(perTask);
    }

    @Override
    public String toString() {
        return "MultiTaskAuc[mean=" + mean + ", tasksUsed=" + tasksUsed + ", perTask=" + Arrays.toString(perTask) + "]";
    }
}
