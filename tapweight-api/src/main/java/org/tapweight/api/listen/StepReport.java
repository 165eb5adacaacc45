package org.tapweight.api.listen;

import java.util.List;

/**
 * One outer step, as a listener sees it.
 *
 * @param step               the step's number, from 1
 * @param weights            the objective weights level I used in this step, in {@code objectives} order (a
 *                           level-III update in this step changes them for the next: the run's final
 *                           weights are the last step's after its update)
 * @param objectiveLosses    each objective's level-I loss in the step
 * @param taskLoss           level II's training loss in the step
 * @param validationLoss     the validation loss level III measured, or NaN in a step without an update
 * @param hypergradientNorm  the norm of level III's hypergradient, or NaN in a step without an update
 * @param millis             wall time of levels I, II and III in the step
 */
public record StepReport(int step, List<String> objectives, double[] weights, double[] objectiveLosses, double taskLoss,
                         double validationLoss, double hypergradientNorm, double[] millis) {

    public StepReport {
        objectives = List.copyOf(objectives);
        weights = weights.clone();
        objectiveLosses = objectiveLosses.clone();
        millis = millis.clone();
    }
}
