package org.tapweight.core.plugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.tapweight.api.balance.LossBalancerProvider;
import org.tapweight.api.hypergrad.HypergradientStrategyProvider;
import org.tapweight.api.modality.EncoderProvider;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.modality.TaskProvider;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.api.weights.WeightMapProvider;

/**
 * Every plug-in found on a class path by {@link ServiceLoader}, by kind and id. Two providers of
 * one kind with the same id, or a provider that fails to load, are errors naming the id and where
 * each provider came from; so is asking for an id nobody provides.
 */
public final class PluginRegistry {

    /** The provider interfaces the registry looks for, with the word used in messages. */
    public enum Kind {
        STRATEGY("hypergradient strategy", "hypergradient strategies", HypergradientStrategyProvider.class),
        WEIGHT_MAP("weight map", "weight maps", WeightMapProvider.class),
        ENCODER("encoder", "encoders", EncoderProvider.class),
        OBJECTIVE("objective", "objectives", ObjectiveProvider.class),
        TASK("task", "tasks", TaskProvider.class),
        BALANCER("loss balancer", "loss balancers", LossBalancerProvider.class),
        LISTENER("run listener", "run listeners", org.tapweight.api.listen.RunListenerProvider.class);

        private final String label;
        private final String plural;
        private final Class<? extends PluginProvider> type;

        Kind(String label, String plural, Class<? extends PluginProvider> type) {
            this.label = label;
            this.plural = plural;
            this.type = type;
        }

        public String label() {
            return label;
        }

        public String plural() {
            return plural;
        }

        public Class<? extends PluginProvider> type() {
            return type;
        }
    }

    private final Map<Kind, Map<String, PluginProvider>> providers;

    private PluginRegistry(Map<Kind, Map<String, PluginProvider>> providers) {
        this.providers = providers;
    }

    /** Loads every provider visible to the context class loader (or this class's loader). */
    public static PluginRegistry load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(loader != null ? loader : PluginRegistry.class.getClassLoader());
    }

    /** Loads every provider visible to {@code loader}, e.g. one that also sees third-party jars. */
    public static PluginRegistry load(ClassLoader loader) {
        Map<Kind, Map<String, PluginProvider>> all = new TreeMap<>();
        for (Kind kind : Kind.values()) {
            Map<String, PluginProvider> byId = new TreeMap<>();
            try {
                for (PluginProvider p : ServiceLoader.load(kind.type(), loader)) {
                    PluginProvider previous = byId.putIfAbsent(p.id(), p);
                    if (previous != null) {
                        throw new ConfigurationException("two " + kind.label() + " providers have the id '" + p.id()
                                + "': " + previous.origin() + " and " + p.origin()
                                + "; remove one jar from the class path or rename one id");
                    }
                }
            } catch (ServiceConfigurationError e) {
                throw new ConfigurationException("a " + kind.label() + " provider could not be loaded: " + e.getMessage(), e);
            }
            all.put(kind, Collections.unmodifiableMap(byId));
        }
        return new PluginRegistry(all);
    }

    /** The provider of {@code kind} with {@code id}. */
    public <P extends PluginProvider> P get(Kind kind, String id) {
        PluginProvider p = providers.get(kind).get(id);
        if (p == null) {
            throw new ConfigurationException("unknown " + kind.label() + " '" + id + "'; known: "
                    + (providers.get(kind).isEmpty() ? "none found on the class path" : String.join(", ", providers.get(kind).keySet())));
        }
        @SuppressWarnings("unchecked")
        P typed = (P) p;
        return typed;
    }

    /** Every provider of {@code kind}, sorted by id. */
    public List<PluginProvider> all(Kind kind) {
        return new ArrayList<>(providers.get(kind).values());
    }

    public HypergradientStrategyProvider strategy(String id) {
        return get(Kind.STRATEGY, id);
    }

    public WeightMapProvider weightMap(String id) {
        return get(Kind.WEIGHT_MAP, id);
    }

    public EncoderProvider encoder(String id) {
        return get(Kind.ENCODER, id);
    }

    public ObjectiveProvider objective(String id) {
        return get(Kind.OBJECTIVE, id);
    }

    public LossBalancerProvider balancer(String id) {
        return get(Kind.BALANCER, id);
    }

    public org.tapweight.api.listen.RunListenerProvider listener(String id) {
        return get(Kind.LISTENER, id);
    }

    public TaskProvider task(String id) {
        return get(Kind.TASK, id);
    }
}
