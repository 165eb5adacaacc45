package org.tapweight.molecule.objective;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.nn.GradientCheck;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.plugin.PluginRegistry;

/**
 * Double-precision finite-difference checks of the five molecular objectives (with their heads and
 * the encoder under them, dropout on, fixed noise) and of both task-head kinds.
 */
class MoleculeHeadsGradientTest {

    static final List<String> OBJECTIVES = List.of("attribute-masking", "edge-prediction", "motif", "descriptors",
            "graph-contrastive");

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static PluginRef objective(String id) {
        return id.equals("motif") ? PluginRef.of(id, Map.of("minCount", 2))
                : id.equals("graph-contrastive") ? PluginRef.of(id, Map.of("projection", 4)) : PluginRef.of(id);
    }

    static RunConfig config(String dataset) {
        RunConfig c = new RunConfig();
        c.task = PluginRef.of("moleculenet", Map.of("dataset", dataset, "limit", 60));
        c.encoder = PluginRef.of("gin", Map.of("hidden", 6, "layers", 2, "dropout", 0.1));
        c.objectives = List.of(PluginRef.of("attribute-masking"));
        c.levelI.batchSize = 6;
        c.levelII.batchSize = 6;
        return c;
    }

    @Test
    void everyObjectiveHeadPassesAGradientCheck() {
        Noise noise = Noise.of(21);
        for (int k = 0; k < OBJECTIVES.size(); k++) {
            // One objective per run, so each check evaluates only that objective.
            RunConfig c = config("bbbp");
            c.objectives = List.of(objective(OBJECTIVES.get(k)));
            RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(c);
            INDArray theta = Nd4j.zeros(DataType.DOUBLE, a.pretraining().layout().size());
            a.pretraining().initialize(theta, 3);
            double[] coeff = {1.0};
            GradientCheck.Result r = GradientCheck.check((p, g) -> a.pretraining().evaluate(p, 1, noise, coeff, g)[0],
                    theta, 1e-6, 200, k);
            System.out.printf("%s: relative error %.2e over %d coordinates, gradient norm %.3g%n", OBJECTIVES.get(k),
                    r.relativeError(), r.coordinates(), r.gradientNorm());
            assertThat(r.relativeError()).as(OBJECTIVES.get(k)).isLessThan(1e-5);
            assertThat(r.gradientNorm()).as(OBJECTIVES.get(k)).isGreaterThan(1e-4);
        }
    }

    @Test
    void classificationAndRegressionTaskHeadsPassAGradientCheck() {
        for (String dataset : new String[] {"clintox", "esol"}) {
            RunConfig c = config(dataset);
            RunAssembler.Assembly a = new RunAssembler(PluginRegistry.load()).assemble(c);
            INDArray omega = Nd4j.zeros(DataType.DOUBLE, a.task().layout().size());
            a.task().initialize(omega, 5);
            GradientCheck.Result r = GradientCheck.check((p, g) -> a.task().evaluate(p, Split.TRAIN, 0, Noise.of(4), g),
                    omega, 1e-6, 200, 2);
            assertThat(r.relativeError()).as(dataset).isLessThan(1e-5);
            assertThat(r.gradientNorm()).isGreaterThan(1e-4);
        }
    }
}
