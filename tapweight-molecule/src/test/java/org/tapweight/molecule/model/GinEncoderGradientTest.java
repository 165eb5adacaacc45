package org.tapweight.molecule.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.model.Noise;
import org.tapweight.nn.GradientCheck;
import org.tapweight.molecule.chem.Featurizer;
import org.tapweight.molecule.chem.MolecularGraph;

/** Double-precision finite-difference checks of the graph encoder's hand-written backward pass. */
class GinEncoderGradientTest {

    static GraphBatch batch;

    @BeforeAll
    static void setUp() throws Exception {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        List<MolecularGraph> mols = new Featurizer().featurizeAll(List.of("CC(=O)Oc1ccccc1C(=O)O", "C/C=C/C#N", "[NH4+].[Cl-]"));
        batch = GraphBatch.of(new int[] {0, 1, 2}, mols);
    }

    static GradientCheck.Result check(GinEncoder enc, Noise noise, boolean nodeTerm, boolean graphTerm, long seed) {
        INDArray params = Nd4j.zeros(DataType.DOUBLE, enc.parameterCount());
        enc.initialize(params, seed);
        params.addi(Nd4j.randn(DataType.DOUBLE, params.length()).muli(0.05));
        Nd4j.getRandom().setSeed(seed);
        INDArray rNodes = Nd4j.randn(DataType.DOUBLE, batch.atoms(), enc.representationSize());
        INDArray rGraphs = Nd4j.randn(DataType.DOUBLE, batch.graphs(), enc.representationSize());
        return GradientCheck.check((p, g) -> {
            GraphPass pass = enc.forward(p, batch, noise);
            double loss = (nodeTerm ? pass.nodes().mul(rNodes).sumNumber().doubleValue() : 0)
                    + (graphTerm ? pass.graphs().mul(rGraphs).sumNumber().doubleValue() : 0);
            if (g != null) {
                g.assign(0);
                pass.backward(nodeTerm ? rNodes : null, graphTerm ? rGraphs : null, g);
            }
            return loss;
        }, params, 1e-6, 400, seed);
    }

    @Test
    void nodeAndGraphOutputsWithSumReadout() {
        GradientCheck.Result r = check(new GinEncoder(6, 2, 0.0, GraphReadout.SUM), Noise.NONE, true, true, 1);
        assertThat(r.relativeError()).isLessThan(1e-7);
        assertThat(r.gradientNorm()).isGreaterThan(1e-2);
    }

    @Test
    void graphOutputWithMeanReadoutAndThreeLayers() {
        GradientCheck.Result r = check(new GinEncoder(5, 3, 0.0, GraphReadout.MEAN), Noise.NONE, false, true, 2);
        assertThat(r.relativeError()).isLessThan(1e-7);
    }

    @Test
    void dropoutWithFixedNoiseIsDifferentiable() {
        GinEncoder enc = new GinEncoder(6, 2, 0.3, GraphReadout.SUM);
        GradientCheck.Result r = check(enc, Noise.of(9), true, true, 3);
        assertThat(r.relativeError()).isLessThan(1e-7);
        // ...and the noise matters: another seed gives other outputs.
        INDArray params = Nd4j.zeros(DataType.DOUBLE, enc.parameterCount());
        enc.initialize(params, 3);
        INDArray a = enc.forward(params, batch, Noise.of(9)).graphs();
        INDArray b = enc.forward(params, batch, Noise.of(10)).graphs();
        INDArray c = enc.forward(params, batch, Noise.of(9)).graphs();
        assertThat(a.equalsWithEps(c, 0)).isTrue();
        assertThat(a.equalsWithEps(b, 1e-9)).isFalse();
    }

    @Test
    void maskedAtomsAndDroppedBondsChangeTheOutput() {
        GinEncoder enc = new GinEncoder(6, 2, 0.0, GraphReadout.SUM);
        INDArray params = Nd4j.zeros(DataType.DOUBLE, enc.parameterCount());
        enc.initialize(params, 4);
        INDArray clean = enc.forward(params, batch, Noise.NONE).graphs();
        INDArray masked = enc.forward(params, batch.withMaskedAtoms(new int[] {0}), Noise.NONE).graphs();
        boolean[] drop = new boolean[batch.edges() / 2];
        drop[0] = true;
        INDArray dropped = enc.forward(params, batch.withoutBonds(drop), Noise.NONE).graphs();
        assertThat(masked.getRow(0).equalsWithEps(clean.getRow(0), 1e-9)).isFalse();
        assertThat(masked.getRow(1).equalsWithEps(clean.getRow(1), 1e-12)).isTrue(); // other molecules untouched
        assertThat(dropped.getRow(0).equalsWithEps(clean.getRow(0), 1e-9)).isFalse();
        assertThat(batch.withoutBonds(drop).edges()).isEqualTo(batch.edges() - 2);
    }
}
