package org.tapweight.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.tapweight.api.listen.RunListener;
import org.tapweight.api.listen.RunListenerProvider;
import org.tapweight.api.listen.StepReport;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;

/** A small third-party listener for the kit's tests: appends each step's weights to a CSV file; 'failAt' makes it throw. */
public final class CsvWeightsListenerProvider implements RunListenerProvider {

    @Override
    public String id() {
        return "csv-weights";
    }

    @Override
    public String description() {
        return "appends each step's weights to weights.csv (a test listener)";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(SettingSpec.ofInt("failAt", 0, "throw at this step (0: never)"));
    }

    @Override
    public RunListener create(Settings settings, Path outputDir) {
        int failAt = settings.getInt("failAt");
        Path file = outputDir.resolve("weights.csv");
        return new RunListener() {
            @Override
            public void step(StepReport step) {
                if (step.step() == failAt) {
                    throw new IllegalStateException("csv-weights: asked to fail at step " + failAt);
                }
                try {
                    Files.createDirectories(outputDir);
                    Files.writeString(file, step.step() + "," + step.weights()[0] + "\n", StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void finished(int step, Map<String, Double> metrics) {
            }
        };
    }
}
