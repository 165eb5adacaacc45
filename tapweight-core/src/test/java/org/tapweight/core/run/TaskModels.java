package org.tapweight.core.run;

import java.util.Map;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.api.model.Split;
import org.tapweight.api.model.TaskModel;
import org.tapweight.core.model.ForwardingTaskModel;

/** Test wrappers of a task model. */
public final class TaskModels {

    private TaskModels() {
    }

    /** {@code inner} with its metrics replaced by {@code metrics} (which may call inner's); all else delegated. */
    public static TaskModel withMetrics(TaskModel inner, BiFunction<INDArray, Split, Map<String, Double>> metrics) {
        return new ForwardingTaskModel(inner) {
            @Override
            public Map<String, Double> metrics(INDArray params, Split split) {
                return metrics.apply(params, split);
            }
        };
    }
}
