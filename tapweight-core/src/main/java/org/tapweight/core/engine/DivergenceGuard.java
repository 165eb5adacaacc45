package org.tapweight.core.engine;

import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.core.config.DivergenceConfig;

/**
 * Stops a run at the first sign of divergence rather than at NaN (SGD with a learning rate of 30
 * reached losses near 1e145 and finished "normally"): each named loss is held to
 * {@code lossMultiple} times its early level, and gradients must be finite. The early levels live in
 * the {@link EngineState}, so a resumed run holds its losses to the same levels.
 */
final class DivergenceGuard {

    private final DivergenceConfig config;
    private final Map<String, Double> reference;

    DivergenceGuard(DivergenceConfig config, EngineState state) {
        this.config = config;
        this.reference = state.lossReference;
    }

    /** Checks a loss seen in outer step {@code step}; during the first steps it also sets the early level. */
    void checkLoss(int step, String what, double value) {
        if (!Double.isFinite(value)) {
            throw new DivergenceException(step, what + " is " + value);
        }
        double size = Math.abs(value);
        Double early = reference.get(what);
        if (early == null || step < config.referenceSteps) { // a loss seen first late (validation) starts its level then
            reference.merge(what, size, Math::max);
            return;
        }
        if (config.lossMultiple == 0) {
            return;
        }
        double limit = config.lossMultiple * Math.max(config.referenceFloor, early);
        if (size > limit) {
            String level = config.referenceSteps == 1 ? "its value in the first outer step that measured it"
                    : "its largest in the first " + config.referenceSteps + " outer steps that measured it";
            throw new DivergenceException(step, String.format(Locale.ROOT,
                    "%s is %.4g, more than %s times its early level %.4g (%s, at least %s); "
                            + "lower the learning rate, or raise divergence.lossMultiple if this growth is expected",
                    what, value, plain(config.lossMultiple), early, level, plain(config.referenceFloor)));
        }
    }

    private static String plain(double x) {
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    /** A gradient with a NaN or an infinity would carry it into the parameters. */
    static void checkGradient(int step, String what, INDArray gradient) {
        double norm = gradient.norm2Number().doubleValue();
        if (!Double.isFinite(norm)) {
            throw new DivergenceException(step, what + " is not finite (its norm is " + norm + ")");
        }
    }
}
