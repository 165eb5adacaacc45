package org.tapweight.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.config.Mode;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;

/**
 * The methods of the protocol (docs/design.md, section 4), each a way to fill in a run config; all end with
 * the same early-stopped finetuning from the config's {@code finetune} section:
 * <ul>
 *   <li>{@code direct}: finetuning of the base encoder, no task-adaptive pretraining;</li>
 *   <li>{@code uniform}: TAP with fixed uniform weights;</li>
 *   <li>{@code single-<objective>}: TAP with that objective alone;</li>
 *   <li>{@code tapweight-<strategy>}: TapWeight with that hypergradient strategy on both levels;</li>
 *   <li>{@code bilevel}: the bi-level ablation;</li>
 *   <li>{@code uniform-without-<objective>}: uniform TAP over every objective but that one (the clean
 *       arm of a positive control whose base config holds a harmful objective);</li>
 *   <li>{@code balance-<balancer>}: weights from a loss balancer (uncertainty, gradnorm,
 *       gradient-similarity), updated every {@code levelIII.interval} steps;</li>
 *   <li>{@code random-<i>}: TAP with fixed weights drawn from a flat Dirichlet by (seed, i): the
 *       candidates of a random search, whose pick by validation metric the report adds as
 *       {@code search-<n>} (see {@link RandomSearch}).</li>
 * </ul>
 */
public record Method(String name) {

    static final List<String> STRATEGIES = List.of("cg", "neumann", "unrolled", "identity");

    /**
     * Default strategy settings for bench runs (a bench config's {@code strategySettings} replaces them):
     * CG as the examples' level III (3 iterations, damping 1; chosen by the response test); Neumann
     * with alpha from the spectrum (a fixed alpha 0.1 grew in every GLUE solve and fell back to
     * identity); unrolled through 10 steps of the level's own optimiser (Adam as preconditioned momentum).
     */
    static Map<String, Object> defaultSettings(String strategy) {
        // Sorted, so records list the settings in one order whatever the JVM's Map.of order.
        return new java.util.TreeMap<>(switch (strategy) {
            case "cg" -> Map.of("iterations", 3, "damping", 1.0);
            case "neumann" -> Map.of("iterations", 5, "alpha", "auto");
            case "unrolled" -> Map.of("steps", 10);
            default -> Map.<String, Object>of();
        });
    }

    /** Every method for the given objective names. */
    public static List<Method> all(List<String> objectives) {
        List<Method> m = new ArrayList<>();
        m.add(new Method("direct"));
        m.add(new Method("uniform"));
        for (String o : objectives) {
            m.add(new Method("single-" + o));
        }
        for (String s : STRATEGIES) {
            m.add(new Method("tapweight-" + s));
        }
        m.add(new Method("bilevel"));
        return m;
    }

    /**
     * Method names in the protocol's order (as {@link #all} lists them): direct, uniform, single-*,
     * tapweight-* by strategy, other names, bilevel; for a report rebuilt from a folder's cells.
     */
    public static List<String> protocolOrder(java.util.Collection<String> names) {
        java.util.function.ToIntFunction<String> rank = n -> n.equals("direct") ? 0
                : n.equals("uniform") || n.startsWith("uniform-without-") ? 1
                : n.startsWith("single-") ? 2 : n.startsWith("tapweight-") ? 3 : n.equals("bilevel") ? 5 : 4;
        java.util.function.ToIntFunction<String> strategy = n -> {
            int i = STRATEGIES.indexOf(n.substring(n.indexOf('-') + 1));
            return i < 0 ? STRATEGIES.size() : i;
        };
        return names.stream().distinct().sorted(java.util.Comparator.comparingInt(rank)
                .thenComparingInt(n -> n.startsWith("tapweight-") ? strategy.applyAsInt(n) : 0)
                .thenComparing(java.util.Comparator.naturalOrder())).toList();
    }

    public boolean learnsWeights() {
        return name.startsWith("tapweight-") || name.equals("bilevel") || name.startsWith("balance-");
    }

    /**
     * Candidate {@code i}'s fixed weights for seed {@code seed}: a flat Dirichlet draw (normalised
     * exponentials), the same for every task of the seed.
     */
    static double[] randomWeights(long seed, int i, int objectives) {
        java.util.Random rnd = new java.util.Random(org.tapweight.nn.Seeds.derive(seed, "random-weights", i));
        double[] w = new double[objectives];
        double sum = 0;
        for (int k = 0; k < objectives; k++) {
            w[k] = -Math.log(1 - rnd.nextDouble());
            sum += w[k];
        }
        for (int k = 0; k < objectives; k++) {
            w[k] /= sum;
        }
        return w;
    }

    /** A copy of {@code base} configured for this method, task and seed. */
    public RunConfig configure(RunConfig base, String taskSetting, String task, long seed,
                               Map<String, Map<String, Object>> strategySettings) {
        RunConfig c = base.copy();
        c.seed = seed;
        c.name = task + "-" + name + "-seed" + seed;
        Map<String, Object> taskSettings = new LinkedHashMap<>(c.task.settings);
        taskSettings.put(taskSetting, task);
        c.task.settings = taskSettings;
        c.fixedWeights = new LinkedHashMap<>();
        if (name.equals("direct")) {
            c.mode = Mode.FINETUNE;
            c.outerSteps = 0;
        } else if (name.equals("uniform")) {
            c.mode = Mode.FIXED;
        } else if (name.startsWith("single-")) {
            String objective = name.substring("single-".length());
            boolean known = c.objectives.stream().anyMatch(o -> o.displayName().equals(objective));
            if (!known) {
                throw new ConfigurationException("method '" + name + "': the base config has no objective '" + objective + "'");
            }
            c.mode = Mode.FIXED;
            c.fixedWeights.put(objective, 1.0);
        } else if (name.startsWith("tapweight-")) {
            String strategy = name.substring("tapweight-".length());
            c.mode = Mode.TAPWEIGHT;
            Map<String, Object> settings = strategySettings.getOrDefault(strategy, defaultSettings(strategy));
            c.levelIII.strategyI = PluginRef.of(strategy, settings);
            c.levelIII.strategyII = null;
        } else if (name.equals("bilevel")) {
            c.mode = Mode.BILEVEL;
        } else if (name.startsWith("uniform-without-")) {
            String left = name.substring("uniform-without-".length());
            List<String> names = c.objectives.stream().map(PluginRef::displayName).toList();
            if (!names.contains(left) || names.size() < 2) {
                throw new ConfigurationException("method '" + name + "': the base config has no objective '" + left
                        + "' beside others; objectives: " + names);
            }
            c.mode = Mode.FIXED;
            names.forEach(o -> c.fixedWeights.put(o, o.equals(left) ? 0.0 : 1.0));
        } else if (name.startsWith("balance-")) {
            c.mode = Mode.BALANCED;
            c.balancer = PluginRef.of(name.substring("balance-".length()));
        } else if (name.matches("random-[1-9][0-9]*")) {
            List<String> names = c.objectives.stream().map(PluginRef::displayName).toList();
            double[] w = randomWeights(seed, Integer.parseInt(name.substring("random-".length())), names.size());
            c.mode = Mode.FIXED;
            for (int k = 0; k < w.length; k++) {
                c.fixedWeights.put(names.get(k), w[k]);
            }
        } else {
            throw new ConfigurationException("unknown method '" + name + "'; methods: direct, uniform, single-<objective>, "
                    + "tapweight-<strategy> (cg, neumann, unrolled, identity), bilevel, uniform-without-<objective>, "
                    + "balance-<balancer> (uncertainty, gradnorm, gradient-similarity), random-<i>, or all");
        }
        return c.validate();
    }
}
