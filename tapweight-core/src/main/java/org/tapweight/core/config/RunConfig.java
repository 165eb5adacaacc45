package org.tapweight.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tapweight.api.plugin.ConfigPaths;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.data.TextInput;

/**
 * Everything a run needs, read from YAML or JSON. Unknown keys are errors (a typo must not be
 * silently ignored); {@link #validate()} checks ranges and says what to change.
 */
public final class RunConfig {

    public String name = "run";
    public long seed = 1L;
    public Mode mode = Mode.TAPWEIGHT;
    /** {@code double} (tests, exact work) or {@code float}. */
    public String dataType = "double";
    public int outerSteps = 100;
    /** Proximal coefficient gamma of level II's {@code gamma ||omega_enc - theta_enc||^2}. */
    public double gamma = 1.0;
    public PluginRef task;
    public PluginRef encoder;
    public List<PluginRef> objectives = new ArrayList<>();
    public PluginRef weightMap = PluginRef.of("softmax");
    /**
     * The loss balancer of mode {@code BALANCED} (e.g. {@code {id: gradnorm}}); unused otherwise. Left
     * out of the JSON when unset so that configs without it keep their fingerprints.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public PluginRef balancer = null;
    /**
     * Run listeners that show the run as it goes (e.g. {@code [{id: tensorboard}]}); they never change
     * its numbers, so the fingerprint leaves them out. Left out of the JSON when empty.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    public List<PluginRef> listeners = new ArrayList<>();
    /** For {@link Mode#FIXED}: weight per objective id; empty means uniform. Missing ids weigh 0. */
    public Map<String, Double> fixedWeights = new LinkedHashMap<>();
    /** Level I (pretraining): steps, batch size, optimiser and the L2 regulariser {@link LevelConfig#l2}. */
    public LevelConfig levelI = new LevelConfig();
    /** Level II (task): steps, batch size, optimiser and the L2 regulariser of its training loss. */
    public LevelConfig levelII = new LevelConfig();
    public LevelThreeConfig levelIII = new LevelThreeConfig();
    /**
     * An encoder file (written by {@code tapweight pretrain}) whose parameters replace the seeded
     * initial encoder of both levels; a relative path is found as {@link #path} says.
     */
    public String initialEncoder = null;
    /**
     * The folder of the config file this was read from (null for config text): relative paths in the
     * config are looked up there first ({@link ConfigPaths}). Not part of the config's JSON, so a
     * config's fingerprint does not depend on where it lies.
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public java.nio.file.Path configFolder = null;
    /**
     * Level-I steps that train only the objective heads the {@link #initialEncoder} file did not
     * provide (encoder and carried-over heads frozen, objectives weighted uniformly) before the first
     * outer step of a fresh run; not repeated on resume. Unset means {@link #DEFAULT_HEAD_WARMUP_STEPS};
     * left out of the JSON when unset so that configs without it keep their fingerprints.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public Integer headWarmupSteps = null;
    /** The final early-stopped finetuning that gives the reported score. */
    public FinetuneConfig finetune = new FinetuneConfig();
    /** Write a checkpoint every this many outer steps (and at the end); 0 writes only at the end. */
    public int checkpointEvery = 10;
    /**
     * The divergence guard; unset means {@link DivergenceConfig}'s defaults (left out of the JSON when
     * unset, like {@link #headWarmupSteps}).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public DivergenceConfig divergence = null;

    /** {@link #divergence}, or the defaults. */
    public DivergenceConfig divergenceOrDefault() {
        return divergence == null ? new DivergenceConfig() : divergence;
    }

    /** Head warm-up steps when {@link #headWarmupSteps} is unset. */
    public static final int DEFAULT_HEAD_WARMUP_STEPS = 50;

    /** {@link #headWarmupSteps}, or its default. */
    public int headWarmupStepsOrDefault() {
        return headWarmupSteps == null ? DEFAULT_HEAD_WARMUP_STEPS : headWarmupSteps;
    }

    private static ObjectMapper mapper(boolean yaml) {
        ObjectMapper m = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // Nothing read silently otherwise: a key given twice (YAML and JSON would keep the last), a
        // fraction where a whole number belongs (10.7 steps would be 10), text after the document.
        m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        m.enable(SerializationFeature.INDENT_OUTPUT);
        return m;
    }

    /** Reads a {@code .yaml}/{@code .yml} or {@code .json} file; errors name the file, line and field. */
    public static RunConfig read(Path file) {
        return read(file, Map.of());
    }

    /**
     * Reads a config file and applies overrides such as {@code levelIII.strategyI.id=neumann} or
     * {@code outerSteps=20} (values are read as YAML scalars, lists or maps).
     */
    public static RunConfig read(Path file, Map<String, String> overrides) {
        // TextInput: a byte-order mark is dropped and bad UTF-8 is located, as for data files.
        String text = String.join("\n", TextInput.readLines(file)) + "\n";
        RunConfig c = parse(file.toString(), text, isYaml(file.getFileName().toString()), overrides);
        c.configFolder = file.toAbsolutePath().getParent();
        return c;
    }

    /** A path written in this config: next to the config file if it is there, else from the working folder ({@link ConfigPaths}). */
    public java.nio.file.Path path(String value) {
        return ConfigPaths.resolve(configFolder, value);
    }

    /** The {@link #initialEncoder} file as found ({@link #path}), or null when the run starts from a seeded encoder. */
    public java.nio.file.Path initialEncoderFile() {
        return initialEncoder == null ? null : path(initialEncoder);
    }

    private static boolean isYaml(String name) {
        String n = name.toLowerCase();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    /** Parses config text; {@code source} names it in error messages. */
    public static RunConfig parse(String source, String text, boolean yaml, Map<String, String> overrides) {
        ObjectMapper m = mapper(yaml);
        try {
            com.fasterxml.jackson.databind.JsonNode tree = m.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new ConfigurationException(source + ": the config file is empty");
            }
            if (!(tree instanceof com.fasterxml.jackson.databind.node.ObjectNode root)) {
                throw new ConfigurationException(source + ": a config must be a map of settings");
            }
            for (Map.Entry<String, String> o : overrides.entrySet()) {
                applyOverride(root, o.getKey(), o.getValue());
            }
            return m.readValue(overrides.isEmpty() ? text : m.writeValueAsString(root), RunConfig.class);
        } catch (JsonMappingException e) {
            String where = e.getLocation() == null || overrides.size() > 0 ? "" : ", line " + e.getLocation().getLineNr();
            throw new ConfigurationException(source + where + ": field '" + ConfigErrors.fieldPath(e) + "': "
                    + ConfigErrors.explain(e), e);
        } catch (IOException e) {
            throw new ConfigurationException(source + ": cannot parse the config: " + e.getMessage(), e);
        }
    }

    /**
     * Sets the value at a dotted path. A list (the objectives) is entered by an element's name, id or
     * index: {@code objectives.mlm.settings.rate=0.2}, {@code objectives.0.settings.rate=0.2}.
     */
    private static void applyOverride(com.fasterxml.jackson.databind.node.ObjectNode root, String path, String value)
            throws IOException {
        String[] parts = path.split("\\.");
        com.fasterxml.jackson.databind.node.ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            com.fasterxml.jackson.databind.JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) {
                child = node.putObject(parts[i]);
            }
            if (child instanceof com.fasterxml.jackson.databind.node.ArrayNode list) {
                if (i + 2 >= parts.length) {
                    throw new ConfigurationException("override '" + path + "': name an element of '" + parts[i]
                            + "' and a field in it, e.g. " + parts[i] + ".<id>.settings.<name>");
                }
                child = element(list, parts[i + 1], path);
                i++;
            }
            if (!(child instanceof com.fasterxml.jackson.databind.node.ObjectNode obj)) {
                throw new ConfigurationException("override '" + path + "': '" + parts[i] + "' is not a map of settings");
            }
            node = obj;
        }
        com.fasterxml.jackson.databind.JsonNode parsed = new ObjectMapper(new YAMLFactory()).readTree(value);
        node.set(parts[parts.length - 1], parsed == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : parsed);
    }

    /** The list element an override names: by index, else by name, else by id (which must then be unique). */
    private static com.fasterxml.jackson.databind.JsonNode element(com.fasterxml.jackson.databind.node.ArrayNode list,
                                                                  String key, String path) {
        if (key.matches("\\d+")) {
            int index = Integer.parseInt(key);
            if (index >= list.size()) {
                throw new ConfigurationException("override '" + path + "': index " + index + " but the list has " + list.size()
                        + " elements");
            }
            return list.get(index);
        }
        java.util.List<com.fasterxml.jackson.databind.JsonNode> byName = new java.util.ArrayList<>();
        java.util.List<com.fasterxml.jackson.databind.JsonNode> byId = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode e : list) {
            if (key.equals(e.path("name").asText(null))) {
                byName.add(e);
            } else if (key.equals(e.path("id").asText(null))) {
                byId.add(e);
            }
        }
        java.util.List<com.fasterxml.jackson.databind.JsonNode> found = byName.isEmpty() ? byId : byName;
        if (found.size() != 1) {
            throw new ConfigurationException("override '" + path + "': " + (found.isEmpty() ? "no element named or with id '"
                    + key + "'" : found.size() + " elements have id '" + key + "'; use their names or indices"));
        }
        return found.get(0);
    }


    /** A deep copy through JSON (the config folder kept). */
    public RunConfig copy() {
        try {
            ObjectMapper m = mapper(false);
            RunConfig c = m.readValue(m.writeValueAsString(this), RunConfig.class);
            c.configFolder = configFolder;
            return c;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toJson() {
        try {
            return mapper(false).writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks what can be checked without the plug-ins; throws with a message that says what to change. */
    public RunConfig validate() {
        List<String> problems = new ArrayList<>();
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            problems.add("gamma must be a finite number >= 0 (the proximal coefficient), got " + gamma);
        }
        if (outerSteps < 0) {
            problems.add("outerSteps must be >= 0, got " + outerSteps);
        }
        if (!dataType.equals("double") && !dataType.equals("float")) {
            problems.add("dataType must be 'double' or 'float', got '" + dataType + "'");
        }
        if (mode != Mode.FINETUNE && (objectives == null || objectives.isEmpty())) {
            problems.add("objectives is empty: mode " + mode + " needs at least one pretraining objective");
        }
        if (objectives != null) {
            for (int i = 0; i < objectives.size(); i++) {
                if (objectives.get(i) == null || objectives.get(i).id == null) {
                    problems.add("objectives[" + i + "] has no id");
                }
            }
        }
        if (task == null || task.id == null) {
            problems.add("task.id is missing");
        }
        if (encoder == null || encoder.id == null) {
            problems.add("encoder.id is missing");
        }
        if (weightMap == null || weightMap.id == null) {
            problems.add("weightMap.id is missing");
        }
        if (mode == Mode.BALANCED && (balancer == null || balancer.id == null)) {
            problems.add("mode BALANCED needs balancer.id (uncertainty, gradnorm, gradient-similarity, or a plug-in's)");
        }
        checkLevel("levelI", levelI, problems);
        checkLevel("levelII", levelII, problems);
        checkDecoupledDecay(problems);
        if (levelIII.validationBatchSize < 0) {
            problems.add("levelIII.validationBatchSize must be >= 0 (0 uses the whole validation split), got "
                    + levelIII.validationBatchSize);
        }
        if (name != null && (name.isBlank() || name.equals(".") || name.equals("..") || name.contains("/")
                || name.contains("\\"))) {
            problems.add("name must be a plain folder name (it names runs/<name>), got '" + name + "'");
        }
        if (levelIII.interval < 1) {
            problems.add("levelIII.interval must be >= 1, got " + levelIII.interval);
        }
        if (levelIII.finiteDifferenceEpsilon != null && !(levelIII.finiteDifferenceEpsilon > 0)) {
            problems.add("levelIII.finiteDifferenceEpsilon must be > 0, got " + levelIII.finiteDifferenceEpsilon);
        }
        if (levelIII.strategyI == null || levelIII.strategyI.id == null) {
            problems.add("levelIII.strategyI.id is missing");
        }
        checkOptimizer("levelIII.optimizer", levelIII.optimizer, problems);
        divergenceOrDefault().check(problems);
        if (fixedWeights != null) {
            fixedWeights.forEach((id, w) -> {
                if (w == null || !(w >= 0) || Double.isInfinite(w)) {
                    problems.add("fixedWeights." + id + " must be a finite number >= 0, got " + w);
                }
            });
        }
        if (finetune == null || finetune.epochs < 0 || finetune.patience < 1) {
            problems.add("finetune.epochs must be >= 0 and finetune.patience >= 1");
        } else {
            checkOptimizer("finetune.optimizer", finetune.optimizer, problems);
            finetune.check(problems);
        }
        if (headWarmupSteps != null && headWarmupSteps < 0) {
            problems.add("headWarmupSteps must be >= 0, got " + headWarmupSteps);
        }
        if (checkpointEvery < 0) {
            problems.add("checkpointEvery must be >= 0, got " + checkpointEvery);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid config '" + name + "':\n  - " + String.join("\n  - ", problems));
        }
        return this;
    }

    private static void checkLevel(String name, LevelConfig level, List<String> problems) {
        if (level == null) {
            problems.add(name + " is missing");
            return;
        }
        if (level.steps < 0) {
            problems.add(name + ".steps must be >= 0, got " + level.steps);
        }
        if (level.batchSize < 1) {
            problems.add(name + ".batchSize must be >= 1, got " + level.batchSize);
        }
        if (!(level.l2 >= 0) || Double.isInfinite(level.l2)) {
            problems.add(name + ".l2 must be a finite number >= 0 (the coefficient of l2/2 ||params||^2 in the level's loss), got "
                    + level.l2);
        }
        checkOptimizer(name + ".optimizer", level.optimizer, problems);
    }

    /**
     * Decoupled weight decay ({@code p *= 1 - lr * weightDecay} after each step) moves a level's fixed
     * point but is not in the loss whose Hessian the level-III hypergradient inverts, so the
     * hypergradient would be that of another problem (measured: cosine down to -0.98). Refused where a
     * hypergradient differentiates through the level: level I in TAPWEIGHT and BILEVEL, level II in TAPWEIGHT.
     */
    private void checkDecoupledDecay(List<String> problems) {
        boolean levelIDifferentiated = mode == Mode.TAPWEIGHT || mode == Mode.BILEVEL;
        boolean levelIIDifferentiated = mode == Mode.TAPWEIGHT;
        if (levelIDifferentiated && levelI != null && levelI.optimizer != null && levelI.optimizer.weightDecay > 0) {
            problems.add(decayProblem("levelI", levelI.optimizer.weightDecay));
        }
        if (levelIIDifferentiated && levelII != null && levelII.optimizer != null && levelII.optimizer.weightDecay > 0) {
            problems.add(decayProblem("levelII", levelII.optimizer.weightDecay));
        }
    }

    private String decayProblem(String level, double weightDecay) {
        return level + ".optimizer.weightDecay is " + weightDecay + ", but mode " + mode + " differentiates through "
                + level + ": decoupled weight decay moves the level's fixed point but is not in the loss whose Hessian "
                + "the hypergradient inverts, so the hypergradient would be wrong. Set " + level + ".optimizer.weightDecay: 0 "
                + "and use " + level + ".l2 instead (an L2 term in the level's loss, which the hypergradient sees)";
    }

    private static void checkOptimizer(String name, OptimizerConfig o, List<String> problems) {
        if (o == null) {
            problems.add(name + " is missing");
            return;
        }
        if (!List.of("sgd", "momentum", "adam").contains(o.type)) {
            problems.add(name + ".type must be sgd, momentum or adam, got '" + o.type + "'");
        }
        if (!(o.learningRate > 0) || Double.isInfinite(o.learningRate)) {
            problems.add(name + ".learningRate must be > 0, got " + o.learningRate);
        }
        if (!(o.momentum >= 0 && o.momentum < 1)) {
            problems.add(name + ".momentum must be in [0, 1), got " + o.momentum);
        }
        if (!(o.weightDecay >= 0)) {
            problems.add(name + ".weightDecay must be >= 0, got " + o.weightDecay);
        }
        if (!List.of("none", "exponential", "step", "poly").contains(o.schedule)) {
            problems.add(name + ".schedule must be none, exponential, step or poly, got '" + o.schedule + "'");
        }
    }
}
