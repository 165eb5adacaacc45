package org.tapweight.core.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tapweight.api.listen.RunListener;
import org.tapweight.api.listen.RunListenerProvider;
import org.tapweight.api.listen.RunStart;
import org.tapweight.api.listen.StepReport;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.api.plugin.Settings;

/** A test listener ({@code id: recording}) that keeps what it hears in {@link #HEARD}, one entry per attempt. */
public final class RecordingListenerProvider implements RunListenerProvider {

    /** What one listener instance heard. */
    public static final class Heard {
        public RunStart start;
        public final List<StepReport> steps = new ArrayList<>();
        public Map<String, Double> finished;
        public int finishedAt = -1;
        public int closed;
    }

    public static final List<Heard> HEARD = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public String id() {
        return "recording";
    }

    @Override
    public String description() {
        return "keeps what it hears, for tests";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of();
    }

    @Override
    public RunListener create(Settings settings, Path outputDir) {
        Heard heard = new Heard();
        HEARD.add(heard);
        return new RunListener() {
            @Override
            public void started(RunStart start) {
                heard.start = start;
            }

            @Override
            public void step(StepReport step) {
                heard.steps.add(step);
            }

            @Override
            public void finished(int step, Map<String, Double> metrics) {
                heard.finished = metrics;
                heard.finishedAt = step;
            }

            @Override
            public void close() {
                heard.closed++;
            }
        };
    }
}
