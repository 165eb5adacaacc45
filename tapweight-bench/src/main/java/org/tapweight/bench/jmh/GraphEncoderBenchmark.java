package org.tapweight.bench.jmh;

import java.util.ArrayList;
import java.util.List;
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
import org.tapweight.api.model.Noise;
import org.tapweight.molecule.chem.MolecularGraph;
import org.tapweight.core.data.DataFiles;
import org.tapweight.molecule.data.FeaturizedTable;
import org.tapweight.molecule.data.InvalidSmilesPolicy;
import org.tapweight.molecule.data.MoleculeLoader;
import org.tapweight.molecule.model.GinEncoder;
import org.tapweight.molecule.model.GraphReadout;
import org.tapweight.molecule.model.GraphBatch;
import org.tapweight.molecule.model.GraphPass;

/**
 * Graph-encoder forward + backward on batches of 32 BBBP molecules (the batches cycle through the
 * file). Throughput in molecules per second is {@code 32 / (ms per op / 1000)}.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp tapweight-bench/target/tapweight-bench.jar org.openjdk.jmh.Main GraphEncoder
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class GraphEncoderBenchmark {

    @Param({"128x3", "300x5"})
    public String shape;

    @Param({"float"})
    public String dataType;

    private GinEncoder encoder;
    private INDArray params;
    private INDArray grad;
    private final List<GraphBatch> batches = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        String[] hw = shape.split("x");
        DataType type = dataType.equals("double") ? DataType.DOUBLE : DataType.FLOAT;
        encoder = new GinEncoder(Integer.parseInt(hw[0]), Integer.parseInt(hw[1]), 0.0, GraphReadout.MEAN);
        params = Nd4j.zeros(type, encoder.parameterCount());
        encoder.initialize(params, 1);
        grad = params.ulike();
        FeaturizedTable t = new MoleculeLoader(MoleculeLoader.defaultCacheDir())
                .load(DataFiles.locate("moleculenet/bbbp.csv"), "smiles", true, InvalidSmilesPolicy.FAIL);
        for (int start = 0; start + 32 <= t.size(); start += 32) {
            int[] idx = new int[32];
            List<MolecularGraph> mols = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                idx[i] = start + i;
                mols.add(t.graphs().get(start + i));
            }
            batches.add(GraphBatch.of(idx, mols));
        }
    }

    /** The encoder and its parameters (for {@link TwinBatches}). */
    GinEncoder encoder() {
        return encoder;
    }

    INDArray params() {
        return params;
    }

    /** The batches the benchmark cycles through, in order (for {@link TwinBatches}). */
    List<GraphBatch> batches() {
        return batches;
    }

    /** One forward and backward pass of a batch of 32 molecules, from the molecule vectors. */
    @Param({"false"})
    public boolean workspace;

    private static final org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration STEP =
            org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration.builder()
                    .policyAllocation(org.nd4j.linalg.api.memory.enums.AllocationPolicy.OVERALLOCATE).overallocationLimit(0.2)
                    .policyLearning(org.nd4j.linalg.api.memory.enums.LearningPolicy.FIRST_LOOP)
                    .policySpill(org.nd4j.linalg.api.memory.enums.SpillPolicy.REALLOCATE).build();

    @Benchmark
    public double forwardBackward() {
        if (workspace) {
            try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP, "step")) {
                return step();
            }
        }
        return step();
    }

    private double step() {
        GraphBatch b = batches.get(next++ % batches.size());
        GraphPass pass = encoder.forward(params, b, Noise.NONE);
        grad.assign(0);
        pass.backward(null, pass.graphs(), grad);
        return grad.getDouble(0);
    }
}
