package org.tapweight.core.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tapweight.core.assembly.HeadCarryOver;
import org.tapweight.core.assembly.RunAssembler;
import org.tapweight.core.config.Mode;
import org.tapweight.core.record.PluginOrigin;
import org.tapweight.core.record.RunProvenance;
import org.tapweight.core.record.EncoderFile;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.TriLevelEngine;
import org.tapweight.core.plugin.PluginJarReport;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.core.run.RunDriver;

/**
 * Wires a run from a config: the plug-in registry (from a class loader that may see third-party
 * jars), the assembled models and plug-ins, the engine and the driver that records and checkpoints it.
 */
public final class TapWeightModule extends AbstractModule {

    private final RunConfig config;
    private final Path outputDir;
    private final ClassLoader pluginLoader;

    public TapWeightModule(RunConfig config, Path outputDir, ClassLoader pluginLoader) {
        this.config = config.validate();
        this.outputDir = outputDir;
        this.pluginLoader = pluginLoader;
    }

    /** The driver for {@code config}, with plug-ins from the context class path. */
    public static RunDriver driver(RunConfig config, Path outputDir) {
        return driver(config, outputDir, TapWeightModule.class.getClassLoader());
    }

    public static RunDriver driver(RunConfig config, Path outputDir, ClassLoader pluginLoader) {
        try {
            return Guice.createInjector(new TapWeightModule(config, outputDir, pluginLoader)).getInstance(RunDriver.class);
        } catch (com.google.inject.ProvisionException e) {
            // A config error raised while Guice builds the run reaches Java callers as itself, not wrapped.
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    @Override
    protected void configure() {
        bind(RunConfig.class).toInstance(config);
    }

    @Provides
    @Singleton
    PluginRegistry registry() {
        return PluginRegistry.load(pluginLoader);
    }

    @Provides
    @Singleton
    RunAssembler.Assembly assembly(PluginRegistry registry) {
        return new RunAssembler(registry).assemble(config);
    }

    @Provides
    @Singleton
    TriLevelEngine engine(RunAssembler.Assembly a, HeadCarryOver.Result heads) {
        org.nd4j.linalg.api.ndarray.INDArray encoder = config.initialEncoder == null ? null
                : EncoderFile.load(config.initialEncoderFile(), config.encoder);
        return new TriLevelEngine(config, a.pretraining(), a.task(), a.weightMap(), a.strategyI(), a.strategyII(), encoder,
                config.mode == Mode.FINETUNE ? Map.of() : heads.loaded(), a.balancer());
    }

    /** The heads of the initial encoder's file that this run's objectives start from. */
    @Provides
    @Singleton
    HeadCarryOver.Result heads(RunAssembler.Assembly a) {
        if (config.initialEncoder == null) {
            return new HeadCarryOver.Result(Map.of(), Map.of());
        }
        Path file = config.initialEncoderFile();
        return HeadCarryOver.match(file, EncoderFile.read(file, config.encoder).heads(), a.heads());
    }

    @Provides
    RunDriver driver(TriLevelEngine engine, RunAssembler.Assembly a, PluginRegistry registry, HeadCarryOver.Result heads) {
        Map<String, Object> objectiveReports = new LinkedHashMap<>();
        for (int i = 0; i < a.pretraining().objectives().size(); i++) {
            objectiveReports.put(a.pretraining().objectiveIds().get(i), a.pretraining().objectives().get(i).report());
        }
        List<PluginOrigin> plugins = new ArrayList<>();
        plugins.add(PluginOrigin.of("task", config.task, registry.task(config.task.id)));
        plugins.add(PluginOrigin.of("encoder", config.encoder, registry.encoder(config.encoder.id)));
        for (PluginRef o : config.objectives) {
            plugins.add(PluginOrigin.of("objective " + o.displayName(), o, registry.objective(o.id)));
        }
        plugins.add(PluginOrigin.of("strategyI", config.levelIII.strategyI, registry.strategy(config.levelIII.strategyI.id)));
        plugins.add(PluginOrigin.of("strategyII", config.levelIII.strategyIIOrDefault(),
                registry.strategy(config.levelIII.strategyIIOrDefault().id)));
        plugins.add(PluginOrigin.of("weightMap", config.weightMap, registry.weightMap(config.weightMap.id)));
        if (a.balancer() != null) {
            plugins.add(PluginOrigin.of("balancer", config.balancer, registry.balancer(config.balancer.id)));
        }
        List<Map<String, Object>> jars = PluginJarReport.of(pluginLoader, registry, PluginJarReport.usedBy(config));
        RunProvenance provenance = new RunProvenance(
                org.tapweight.core.run.Provenance.dataChecksums(a.task().task().dataChecksums(), config),
                a.task().task().dataReport(), objectiveReports, plugins, jars.isEmpty() ? null : jars,
                config.mode != Mode.FINETUNE && !heads.notLoaded().isEmpty() && config.initialEncoder != null
                        ? heads.notLoaded() : null);
        for (PluginRef l : config.listeners) {
            plugins.add(PluginOrigin.of("listener " + l.displayName(), l, registry.listener(l.id)));
        }
        RunDriver driver = new RunDriver(engine, outputDir, provenance, a.heads());
        List<org.tapweight.api.listen.RunListener> listeners = new ArrayList<>();
        for (PluginRef l : config.listeners) {
            org.tapweight.api.listen.RunListenerProvider p = registry.listener(l.id);
            listeners.add(p.create(org.tapweight.api.plugin.Settings.resolve("run listener '" + l.displayName() + "'", p.settings(),
                    l.settings).relativeTo(config.configFolder), outputDir));
        }
        driver.setListeners(listeners);
        driver.setModelExport(new RunDriver.ModelExport(resolved(config.task, registry.task(config.task.id)),
                resolved(config.encoder, registry.encoder(config.encoder.id)), a.task().task().predictorState()));
        return driver;
    }

    /** A plug-in with every setting (defaults filled in), as a model file keeps it. */
    private static PluginRef resolved(PluginRef ref, org.tapweight.api.plugin.PluginProvider provider) {
        return PluginRef.of(ref.id, new LinkedHashMap<>(
                org.tapweight.api.plugin.Settings.resolve(ref.id, provider.settings(), ref.settings).asMap()));
    }
}
