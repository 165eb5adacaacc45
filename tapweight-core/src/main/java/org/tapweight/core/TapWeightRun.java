package org.tapweight.core;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.TriLevelEngine;
import org.tapweight.core.run.RunDriver;
import org.tapweight.core.wiring.TapWeightModule;

/**
 * Running TapWeight from Java code, as {@code tapweight run} does from the command line:
 * <pre>
 * RunDriver.Summary s = TapWeightRun.of(Path.of("examples/bbbp-tapweight.yaml"))
 *         .set("outerSteps", "50")            // like --set
 *         .outputDir(Path.of("runs/bbbp"))     // record, checkpoints, results
 *         .onStep((step, engine) -> System.out.println(step.weights()))
 *         .run();
 * </pre>
 * A run writes its record and checkpoints to the output folder; {@link #resume()} continues from the
 * last checkpoint there. Plug-ins come from the class path, or from {@link #plugins(ClassLoader)}.
 * Configuration errors are {@link org.tapweight.api.plugin.ConfigurationException}s saying what to
 * change; a diverging run is a {@link org.tapweight.core.engine.DivergenceException}.
 */
public final class TapWeightRun {

    private final Path configFile;
    private final RunConfig config;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Path outputDir;
    private ClassLoader plugins = TapWeightRun.class.getClassLoader();
    private TriLevelEngine.StepListener listener;
    private boolean resume;

    private TapWeightRun(Path configFile, RunConfig config) {
        this.configFile = configFile;
        this.config = config;
    }

    /** A run of the YAML or JSON config file {@code file}. */
    public static TapWeightRun of(Path file) {
        return new TapWeightRun(file, null);
    }

    /** A run of a config built in code (it is validated when the run starts; {@link #set} does not apply). */
    public static TapWeightRun of(RunConfig config) {
        return new TapWeightRun(null, config);
    }

    /** Overrides one config value by its path, like {@code --set KEY=VALUE} (e.g. {@code levelIII.interval}). */
    public TapWeightRun set(String key, String value) {
        if (config != null) {
            throw new IllegalStateException("set(...) applies to a config file; change the RunConfig object instead");
        }
        overrides.put(key, value);
        return this;
    }

    /** Where the record, checkpoints and results go; default {@code runs/<config name>}. */
    public TapWeightRun outputDir(Path dir) {
        this.outputDir = dir;
        return this;
    }

    /** The class loader plug-ins are found with (e.g. one over a folder of plug-in jars). */
    public TapWeightRun plugins(ClassLoader loader) {
        this.plugins = loader;
        return this;
    }

    /** Told every finished outer step. */
    public TapWeightRun onStep(TriLevelEngine.StepListener listener) {
        this.listener = listener;
        return this;
    }

    /** Continue from the output folder's checkpoint (from step 0 when there is none). */
    public TapWeightRun resume() {
        this.resume = true;
        return this;
    }

    /** The config this run will use, overrides applied. */
    public RunConfig config() {
        return config != null ? config : RunConfig.read(configFile, overrides);
    }

    /** Runs to the end (with the final finetuning where the config asks for it) and returns the summary. */
    public RunDriver.Summary run() {
        RunConfig c = config();
        Path dir = outputDir != null ? outputDir : Path.of("runs", c.name);
        return TapWeightModule.driver(c, dir, plugins).run(resume, listener, -1);
    }
}
