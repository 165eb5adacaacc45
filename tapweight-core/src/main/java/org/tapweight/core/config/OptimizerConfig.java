package org.tapweight.core.config;

/**
 * One level's optimiser: {@code sgd}, {@code momentum} (ND4J Nesterovs) or {@code adam}, with an
 * optional learning-rate schedule and decoupled weight decay ({@code p -= lr * weightDecay * p}).
 *
 * <p>Decoupled weight decay is not part of any loss, so the level-III hypergradient cannot see it: it is
 * refused on {@code levelI.optimizer} in TAPWEIGHT and BILEVEL runs and on {@code levelII.optimizer} in
 * TAPWEIGHT runs (use {@link LevelConfig#l2} there). It is allowed everywhere else, e.g. in
 * {@code finetune.optimizer} and in FIXED, PRETRAIN and FINETUNE runs.
 */
public final class OptimizerConfig {

    public String type = "adam";
    public double learningRate = 1e-3;
    /** For {@code momentum}. */
    public double momentum = 0.9;
    /** For {@code adam}. */
    public double beta1 = 0.9;
    public double beta2 = 0.999;
    public double epsilon = 1e-8;
    public double weightDecay = 0.0;
    /** {@code none}, {@code exponential} (lr * decay^t), {@code step} (lr * decay^floor(t / every)) or {@code poly}. */
    public String schedule = "none";
    public double decay = 1.0;
    public int every = 1;
    /** For {@code poly}: lr * (1 - t / maxSteps)^power. */
    public double power = 1.0;
    public int maxSteps = 1000;

    public static OptimizerConfig sgd(double lr) {
        OptimizerConfig c = new OptimizerConfig();
        c.type = "sgd";
        c.learningRate = lr;
        return c;
    }

    public static OptimizerConfig momentum(double lr, double momentum) {
        OptimizerConfig c = sgd(lr);
        c.type = "momentum";
        c.momentum = momentum;
        return c;
    }

    public static OptimizerConfig adam(double lr) {
        OptimizerConfig c = new OptimizerConfig();
        c.learningRate = lr;
        return c;
    }
}
