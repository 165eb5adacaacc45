package org.tapweight.bench.jmh;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tapweight.api.hypergrad.SolveContext;
import org.tapweight.api.model.Noise;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.core.config.LevelConfig;
import org.tapweight.core.config.OptimizerConfig;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.HypergradientChain;
import org.tapweight.core.plugin.PluginRegistry;

/**
 * The cost of one level-III hypergradient for each strategy, against one level-I gradient, on a
 * dense problem of about 118k parameters (tanh MLP 100-256-256 encoder, three objectives, batch 64,
 * double precision). Divide a strategy's time by {@code gradient}'s for the multiple. {@code exact}
 * is left out: it would build a dense 118k x 118k Hessian.
 *
 * <pre>
 * mvn -B -q package -DskipTests
 * OMP_NUM_THREADS=1 java -cp tapweight-bench/target/tapweight-bench.jar org.openjdk.jmh.Main HypergradientCost
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dorg.nd4j.autodiff.samediff=false"})
public class HypergradientCostBenchmark {

    @Param({"identity", "neumann", "cg", "unrolled"})
    public String strategy;

    @Param({"5"})
    public int iterations;

    private RunAssembler.Assembly assembly;
    private HypergradientChain chain;
    private INDArray theta;
    private INDArray omega;
    private INDArray gradient;
    private double[] lambda;
    private double[] weights;

    static RunConfig config(String strategy, int iterations) {
        RunConfig c = new RunConfig();
        c.task = PluginRef.of("synthetic-regression", Map.of("examples", 2000, "features", 100));
        c.encoder = PluginRef.of("tanh-mlp", Map.of("hidden", 256, "layers", 2));
        c.objectives = List.of(PluginRef.of("auxiliary-target", Map.of("column", 0)).named("side-0"),
                PluginRef.of("auxiliary-target", Map.of("column", 1)).named("side-1"), PluginRef.of("masked-feature"));
        c.levelI = LevelConfig.of(1, 64, OptimizerConfig.momentum(0.01, 0.9));
        c.levelII = LevelConfig.of(1, 64, OptimizerConfig.momentum(0.01, 0.9));
        c.levelIII.validationBatchSize = 64;
        String setting = switch (strategy) {
            case "identity" -> null;
            case "unrolled" -> "steps";
            default -> "iterations";
        };
        c.levelIII.strategyI = setting == null ? PluginRef.of(strategy) : PluginRef.of(strategy, Map.of(setting, iterations));
        return c;
    }

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        RunConfig c = config(strategy, iterations);
        assembly = new RunAssembler(PluginRegistry.load()).assemble(c);
        theta = Nd4j.zeros(DataType.DOUBLE, assembly.pretraining().layout().size());
        assembly.pretraining().initialize(theta, 1);
        omega = Nd4j.zeros(DataType.DOUBLE, assembly.task().layout().size());
        assembly.task().initialize(omega, 2);
        gradient = theta.ulike();
        lambda = assembly.weightMap().initialLambda(3);
        weights = assembly.weightMap().weights(lambda);
        chain = new HypergradientChain(assembly.pretraining(), assembly.task(), assembly.weightMap(), assembly.strategyI(),
                assembly.strategyII(), 1e-3);
        HypergradientChain.Result r = compute();
        System.out.printf("%n%s on %d parameters: %d HVPs on level I, %d on level II, %d gradient evaluations%n",
                strategy, theta.length(), r.hvpsI(), r.hvpsII(), r.gradientEvaluations());
    }

    private HypergradientChain.Result compute() {
        SolveContext ctx = new SolveContext(0.01, 0.9, true);
        return chain.compute(new HypergradientChain.Point(lambda, theta, omega, 1.0,
                new HypergradientChain.Probe(0, Noise.of(1)), new HypergradientChain.Probe(0, Noise.of(2)), 0), HypergradientChain.Solves.cold(ctx, ctx));
    }

    /** One level-I gradient: all three objectives' losses and their weighted gradient. */
    @Benchmark
    public double gradient() {
        return assembly.pretraining().evaluate(theta, 0, Noise.of(1), weights, gradient)[0];
    }

    /** One hypergradient by the chosen strategy (both levels), cold-started. */
    @Benchmark
    public double hypergradient() {
        return compute().hypergradient()[0];
    }
}
