package org.tapweight.bench.harness;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import org.tapweight.api.plugin.ConfigPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.data.TextInput;

/**
 * A benchmark grid: tasks x methods x seeds, each cell a run of the base config with the task,
 * method and seed filled in. Unknown keys are errors.
 */
public final class BenchConfig {

    public String name = "bench";
    /** The run config every cell starts from (relative to the working directory). */
    public String base;
    /** Overrides applied to the base config for every cell, e.g. {@code outerSteps: 100}. */
    public Map<String, String> overrides = new LinkedHashMap<>();
    /** The values each cell puts into the base config's task setting {@link #taskSetting}, e.g. data set ids. */
    public List<String> tasks = new ArrayList<>();
    /** The task setting that {@link #tasks} fill in ({@code dataset} for MoleculeNet and GLUE tasks). */
    public String taskSetting = "dataset";
    /** Method names (see {@link Method}), or {@code [all]}. */
    public List<String> methods = new ArrayList<>(List.of("all"));
    public List<Long> seeds = new ArrayList<>(List.of(1L, 2L, 3L));
    /** Settings of the strategy of each {@code tapweight-<strategy>} method. */
    public Map<String, Map<String, Object>> strategies = new LinkedHashMap<>();
    /**
     * Named sets of overrides that a method takes when named {@code <method>@<variant>}, e.g.
     * {@code tapweight-cg@fast} with {@code variants: {fast: {levelIII.optimizer.learningRate: "0.5"}}}:
     * the same method with other settings, as its own row. Left out of the JSON when empty, so benches
     * without variants keep their folder's snapshot.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    public Map<String, Map<String, String>> variants = new LinkedHashMap<>();

    /** The folder of the bench file; {@link #base} is looked up there first ({@link ConfigPaths}). Not part of the bench's JSON. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Path configFolder = null;

    /** The base run config's file: next to the bench file if it is there, else from the working folder. */
    public Path baseFile() {
        return ConfigPaths.resolve(configFolder, base);
    }

    public static BenchConfig read(Path file) {
        ObjectMapper m = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            BenchConfig c = m.readValue(String.join("\n", TextInput.readLines(file)) + "\n", BenchConfig.class);
            c.validate(file.toString());
            c.configFolder = file.toAbsolutePath().getParent();
            return c;
        } catch (JsonMappingException e) {
            String where = e.getLocation() == null ? "" : ", line " + e.getLocation().getLineNr();
            throw new ConfigurationException(file + where + ": field '" + org.tapweight.core.config.ConfigErrors.fieldPath(e) + "': "
                    + org.tapweight.core.config.ConfigErrors.explain(e), e);
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot parse the bench config: " + e.getMessage(), e);
        }
    }

    void validate(String source) {
        List<String> problems = new ArrayList<>();
        if (base == null) {
            problems.add("base (the run config every cell starts from) is missing");
        }
        if (tasks.isEmpty()) {
            problems.add("tasks is empty");
        }
        if (seeds.isEmpty()) {
            problems.add("seeds is empty");
        }
        if (methods.isEmpty()) {
            problems.add("methods is empty");
        }
        for (String m : methods) {
            int at = m.indexOf('@');
            if (at >= 0 && !variants.containsKey(m.substring(at + 1))) {
                problems.add("method '" + m + "' names variant '" + m.substring(at + 1) + "', which variants does not define"
                        + (variants.isEmpty() ? "" : " (variants: " + variants.keySet() + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(source + ":\n  - " + String.join("\n  - ", problems));
        }
    }
}
