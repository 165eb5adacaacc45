package org.tapweight.core.assembly;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.api.hypergrad.HypergradientStrategyProvider;

import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.EncoderProvider;
import org.tapweight.api.modality.Objective;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.modality.Task;
import org.tapweight.api.modality.TaskProvider;
import org.tapweight.api.model.Split;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.api.plugin.Settings;
import org.tapweight.api.balance.LossBalancer;
import org.tapweight.api.balance.LossBalancerProvider;
import org.tapweight.api.weights.WeightMap;
import org.tapweight.api.weights.WeightMapProvider;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.plugin.PluginRegistry;
import org.tapweight.core.record.HeadIdentity;

/**
 * Turns a config into the pieces of a run: the task, encoder and objectives from their providers
 * (checked to be of one modality), the level models, the weight map and the strategies.
 */
public final class RunAssembler {

    private final PluginRegistry registry;

    public RunAssembler(PluginRegistry registry) {
        this.registry = registry;
    }

    /** The assembled level models and the run's plug-ins. */
    /** @param balancer the loss balancer of mode BALANCED, or null */
    public record Assembly(AssembledPretrainingModel<?> pretraining, AssembledTaskModel<?> task, WeightMap weightMap,
                           HypergradientStrategy strategyI, HypergradientStrategy strategyII, List<HeadIdentity> heads,
                           LossBalancer balancer) {
    }

    private static Settings settings(PluginRegistry.Kind kind, PluginProvider p, PluginRef ref) {
        return Settings.resolve(kind.label() + " '" + ref.displayName() + "'", p.settings(), ref.settings);
    }

    public HypergradientStrategy strategy(PluginRef ref) {
        HypergradientStrategyProvider p = registry.strategy(ref.id);
        return p.create(settings(PluginRegistry.Kind.STRATEGY, p, ref));
    }

    public WeightMap weightMap(PluginRef ref) {
        WeightMapProvider p = registry.weightMap(ref.id);
        return p.create(settings(PluginRegistry.Kind.WEIGHT_MAP, p, ref));
    }

    public LossBalancer balancer(PluginRef ref) {
        LossBalancerProvider p = registry.balancer(ref.id);
        return p.create(settings(PluginRegistry.Kind.BALANCER, p, ref));
    }

    public Assembly assemble(RunConfig config) {
        config.validate();
        TaskProvider taskProvider = registry.task(config.task.id);
        Task<?> task = taskProvider.create(settings(PluginRegistry.Kind.TASK, taskProvider, config.task).relativeTo(config.configFolder));
        EncoderProvider encoderProvider = registry.encoder(config.encoder.id);
        requireModality(encoderProvider, taskProvider.modality(), "encoder");
        Encoder<?> encoder = encoderProvider.create(
                settings(PluginRegistry.Kind.ENCODER, encoderProvider, config.encoder).relativeTo(config.configFolder),
                task.data(Split.TRAIN));
        List<Objective<?>> objectives = new ArrayList<>();
        List<Map<String, Object>> resolved = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (PluginRef ref : config.objectives) {
            ObjectiveProvider p = registry.objective(ref.id);
            requireModality(p, taskProvider.modality(), "objective");
            if (!seen.add(ref.displayName())) {
                throw new ConfigurationException("two objectives are named '" + ref.displayName()
                        + "'; give each instance a distinct 'name' in the config");
            }
            Settings resolvedSettings = settings(PluginRegistry.Kind.OBJECTIVE, p, ref).relativeTo(config.configFolder);
            objectives.add(p.create(resolvedSettings));
            resolved.add(resolvedSettings.asMap());
            names.add(ref.displayName());
        }
        return build(config, task, encoder, objectives, names, resolved);
    }

    private static void requireModality(PluginProvider p, String modality, String what) {
        String own = p instanceof EncoderProvider e ? e.modality() : ((ObjectiveProvider) p).modality();
        if (!own.equals(modality)) {
            throw new ConfigurationException(what + " '" + p.id() + "' is for modality '" + own + "' but the task is '"
                    + modality + "' (" + p.origin() + ")");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Assembly build(RunConfig config, Task task, Encoder encoder, List<Objective<?>> objectives, List<String> names,
                           List<Map<String, Object>> resolvedSettings) {
        Class<?> type = task.batchType();
        if (!encoder.batchType().equals(type)) {
            throw new ConfigurationException("encoder '" + config.encoder.id + "' reads " + encoder.batchType().getSimpleName()
                    + " batches but the task provides " + type.getSimpleName());
        }
        for (int i = 0; i < objectives.size(); i++) {
            if (!objectives.get(i).batchType().equals(type)) {
                throw new ConfigurationException("objective '" + names.get(i) + "' reads " + objectives.get(i).batchType().getSimpleName()
                        + " batches but the task provides " + type.getSimpleName());
            }
            ((Objective) objectives.get(i)).prepare(task.pretrainingCorpus());
        }
        AssembledPretrainingModel<?> pre = new AssembledPretrainingModel(encoder, (List) objectives, names,
                task.pretrainingCorpus(), config.levelI.batchSize, config.seed);
        AssembledTaskModel<?> taskModel = new AssembledTaskModel(encoder, task, config.task.displayName(),
                config.levelII.batchSize, config.levelIII.validationBatchSize, config.seed);
        List<HeadIdentity> heads = new ArrayList<>();
        for (int k = 0; k < objectives.size(); k++) {
            heads.add(new HeadIdentity(config.objectives.get(k).id, names.get(k), resolvedSettings.get(k),
                    objectives.get(k).headSignature(), pre.layout().heads().get(k).length()));
        }
        return new Assembly(pre, taskModel, weightMap(config.weightMap), strategy(config.levelIII.strategyI),
                strategy(config.levelIII.strategyIIOrDefault()), List.copyOf(heads),
                config.mode == Mode.BALANCED ? balancer(config.balancer) : null);
    }

}
