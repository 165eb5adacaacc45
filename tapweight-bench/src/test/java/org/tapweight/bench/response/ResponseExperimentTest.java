package org.tapweight.bench.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.run.Provenance;

/**
 * The response test on the synthetic dense task (the bundled default: TapWeight, Adam levels, double):
 * 30 warm-up steps, 20-step continuations, epsilon 0.5, 2 batch seeds, 8 directions. Measured when
 * written: a 20-iteration CG hypergradient agrees in sign with the mean response on 7 of 8
 * directions (Pearson 0.93 on the 20-direction run), and the response is far above its seed noise.
 */
class ResponseExperimentTest {

    static final String CG = "{id: cg, settings: {iterations: 20, damping: 0.01, tolerance: 0}}";

    @TempDir
    static Path shared;
    static ResponseReport report;
    static List<ResponseRow> rows;

    static RunConfig config() throws IOException {
        try (InputStream in = ResponseExperimentTest.class.getResourceAsStream("/org/tapweight/bench/default-run.yaml")) {
            RunConfig c = RunConfig.parse("default-run.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8), true, Map.of());
            c.finetune.epochs = 0;
            c.checkpointEvery = 0;
            return c;
        }
    }

    static ResponseSettings settings(int randomDirections, int horizon) throws IOException {
        RunConfig c = config();
        return new ResponseSettings(c, Provenance.fingerprint(c), null, 30,
                List.of(PluginRef.of("cg", Map.of("iterations", 20, "damping", 0.01, "tolerance", 0.0)), PluginRef.of("identity")),
                List.of(CG, "identity"), true, randomDirections, 2, horizon, List.of(0.5));
    }

    static ResponseExperiment experiment(ResponseSettings s) {
        return new ResponseExperiment(s, ResponseExperimentTest.class.getClassLoader());
    }

    static final ResponseExperiment.Listener QUIET = new ResponseExperiment.Listener() {
        @Override
        public void start(int total, int done) {
        }

        @Override
        public void row(ResponseRow row) {
        }
    };

    @BeforeAll
    static void runOnce() throws IOException {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        report = experiment(settings(3, 20)).run(shared.resolve("main"), QUIET);
        rows = new ArrayList<>(ResponseExperiment.readRows(shared.resolve("main").resolve(ResponseExperiment.RESPONSES)).values());
    }

    @Test
    void aManyIterationCgHypergradientPredictsTheSignOfTheResponse() throws IOException {
        assertThat(rows).hasSize(8 * 2); // 2 hypergradients + 3 coordinates + 3 random, 2 seeds
        ResponseReport.Agreement cg = report.agreements().get(0);
        assertThat(cg.directions()).isEqualTo(8);
        assertThat((double) cg.agree() / cg.directions()).isGreaterThanOrEqualTo(0.8);
        assertThat(cg.pearson()).isGreaterThan(0.7);
        // Along its own direction the loss must rise (the hypergradient is an ascent direction).
        assertThat(rows.stream().filter(r -> r.direction().equals("h1")).mapToDouble(ResponseRow::response)).allMatch(r -> r > 0);
        // The response is well above float rounding and above the noise over batch seeds.
        assertThat(rows.stream().mapToDouble(r -> Math.abs(r.response())).max().orElseThrow()).isGreaterThan(1e-4);
        assertThat(report.medianSignalToNoise(0.5)).isGreaterThan(2);
        String md = Files.readString(shared.resolve("main").resolve("response.md"));
        assertThat(md).contains("self-agreement ceiling", "| " + CG + " |", "Pearson", "lambda0");
        assertThat(Files.readString(shared.resolve("main").resolve("predictions.csv"))).contains("\"" + CG + "\",h1,");
        assertThat(shared.resolve("main").resolve("response-h1.png")).exists();
    }

    @Test
    void theResponseFlipsWithTheDirectionAndIsDeterministicPerBatchSeed() throws IOException {
        ResponseExperiment e = experiment(settings(3, 20));
        Plan plan = e.prepare(shared.resolve("main")); // read back: s0.zip and plan.json
        Direction d = plan.directions().get(2);
        double[] minus = d.d().clone();
        for (int i = 0; i < minus.length; i++) {
            minus[i] = -minus[i];
        }
        long seed = ResponseExperiment.batchSeeds(1, 2).get(1);
        ResponseRow forward = e.respond(d, 0.5, seed);
        ResponseRow backward = e.respond(new Direction("minus", "test", "", minus), 0.5, seed);
        assertThat(forward.response()).isNotZero();
        assertThat(backward.response()).isEqualTo(-forward.response());
        // The same batch seed twice: identical, also against the row the first run wrote.
        assertThat(e.respond(d, 0.5, seed).response()).isEqualTo(forward.response());
        ResponseRow written = rows.stream().filter(r -> r.direction().equals(d.id()) && r.batchSeed() == seed).findFirst().orElseThrow();
        assertThat(written.lossPlus()).isEqualTo(forward.lossPlus());
        // Another batch seed: other batches and noise, so a (slightly) different response of the same sign.
        ResponseRow other = e.respond(d, 0.5, 1L);
        assertThat(other.response()).isNotEqualTo(forward.response());
        assertThat(Math.signum(other.response())).isEqualTo(Math.signum(forward.response()));
    }

    @Test
    void aRerunSkipsFinishedRowsAndRefusesOtherSettings(@TempDir Path tmp) throws IOException {
        ResponseSettings s = settings(0, 3);
        experiment(s).run(tmp, QUIET);
        Path csv = tmp.resolve(ResponseExperiment.RESPONSES);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(1 + 5 * 2); // 2 hypergradients + 3 coordinates, 2 seeds
        Files.write(csv, lines.subList(0, lines.size() - 3)); // as if interrupted three rows before the end
        int[] computed = {0};
        int[] alreadyDone = {0};
        experiment(s).run(tmp, new ResponseExperiment.Listener() {
            @Override
            public void start(int total, int done) {
                alreadyDone[0] = done;
            }

            @Override
            public void row(ResponseRow row) {
                computed[0]++;
            }
        });
        assertThat(alreadyDone[0]).isEqualTo(7);
        assertThat(computed[0]).isEqualTo(3);
        // The recomputed rows are the same to the last digit (all but the seconds they took).
        assertThat(withoutSeconds(Files.readAllLines(csv))).isEqualTo(withoutSeconds(lines));
        assertThatThrownBy(() -> experiment(settings(0, 4)).run(tmp, QUIET))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("made with different settings").hasMessageContaining("horizon: folder has 3, now 4");
    }

    private static List<String> withoutSeconds(List<String> lines) {
        return lines.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }
}
