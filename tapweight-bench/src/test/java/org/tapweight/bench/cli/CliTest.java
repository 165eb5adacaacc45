package org.tapweight.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user meets it: help, listing, a short run, and errors that say what to change. */
class CliTest {

    record Outcome(int exitCode, String out, String err) {
    }

    static Outcome run(String... args) {
        CommandLine cli = TapWeightCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : new String[] {"list", "run", "finetune", "pretrain", "bench", "report", "cost", "response", "featurize", "tokenizer", "predict"}) {
            Outcome o = run(sub, "--help");
            assertThat(o.exitCode()).isZero();
            assertThat(o.out()).contains("Usage: tapweight " + sub);
        }
    }

    @Test
    void listShowsEveryKindOfPluginWithSettings() {
        Outcome o = run("list");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("hypergradient strategies:", "weight maps:", "encoders:", "objectives:", "tasks:");
        assertThat(o.out()).contains("cg ", "neumann ", "unrolled ", "identity ", "exact ", "softmax ", "softplus ");
        assertThat(o.out()).contains("damping (double, default 0.0)");
    }

    @Test
    void aShortRunOfTheBundledDefaultPrintsWeightsAndMetrics(@TempDir Path tmp) {
        Outcome o = run("run", "--out", tmp.toString(), "--set", "outerSteps=6", "--set", "checkpointEvery=3");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("| side-0 |", "| side-1 |", "| masked-feature |", "| rmse |");
        assertThat(Files.exists(tmp.resolve("results.json"))).isTrue();
        // A second run into the same folder without --resume is refused, with advice.
        Outcome again = run("run", "--out", tmp.toString(), "--set", "outerSteps=6");
        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(again.err()).contains("resume the run (--resume), or choose another output folder");
        // With --resume and a longer horizon it continues.
        Outcome resumed = run("run", "--out", tmp.toString(), "--set", "outerSteps=9", "--resume");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("9 outer steps, resumed");
    }

    @Test
    void aBadOverrideOrStrategyIsAConfigurationErrorWithExitCode2(@TempDir Path tmp) {
        Outcome unknown = run("run", "--out", tmp.resolve("a").toString(), "--set", "levelIII.strategyI.id=newton");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("configuration error", "unknown hypergradient strategy 'newton'");
        Outcome gamma = run("run", "--out", tmp.resolve("b").toString(), "--set", "gamma=-1");
        assertThat(gamma.exitCode()).isEqualTo(2);
        assertThat(gamma.err()).contains("gamma must be a finite number >= 0");
        Outcome typo = run("run", "--out", tmp.resolve("c").toString(), "--set", "outerStep=5");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("outerStep");
    }

    @Test
    void featurizeReportsRowsFeaturisedAndSkipped(@TempDir Path tmp) {
        Outcome o = run("featurize", "--dataset", "freesolv", "--cache", tmp.toString());
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("| freesolv | freesolv.csv | 642 | 642 | 0 |");
        Outcome unknown = run("featurize", "--dataset", "qm9");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown MoleculeNet data set 'qm9'");
    }

    @Test
    void finetuneTrainsAFreshHeadWithEarlyStopping(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("run.yaml");
        try (var in = CliTest.class.getResourceAsStream(RunCommand.DEFAULT_CONFIG)) {
            Files.write(config, in.readAllBytes());
        }
        Outcome o = run("finetune", "--config", config.toString(), "--out", tmp.resolve("ft").toString(),
                "--set", "finetune.epochs=4", "--set", "finetune.patience=2");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("FINETUNE", "final finetuning (fresh head, early stopping on validation)", "| rmse |");
        Outcome none = run("finetune", "--config", config.toString(), "--out", tmp.resolve("none").toString(),
                "--set", "finetune.epochs=0");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("'finetune.epochs' must be at least 1");
        Outcome missing = run("finetune", "--config", config.toString(), "--encoder", tmp.resolve("no.zip").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no.zip: no such encoder file");
    }

    @Test
    void aMissingConfigFileIsNamed(@TempDir Path tmp) {
        Outcome o = run("run", "--config", tmp.resolve("nope.yaml").toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("nope.yaml");
    }
}
