package org.tapweight.spark;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.bench.harness.BenchConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main class {@code spark-submit} starts: {@code tapweight bench} with Spark running the cells.
 * Same bench config, same {@code --set}, same bench folder layout and results files.
 */
@Command(name = "tapweight-spark-bench", mixinStandardHelpOptions = true,
        description = {"Run a bench grid (tasks x methods x seeds) with one Spark task per cell, and write results.csv,",
                "results.md, results.html and plots as `tapweight bench` does. Running it again skips finished",
                "cells and resumes interrupted ones. Start it with spark-submit (docs/spark.md)."})
public final class SparkBenchMain implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "Bench config (YAML).")
    Path config;

    @Option(names = {"-o", "--out"}, paramLabel = "URI",
            description = {"Bench folder every executor can reach: a path (local or a shared mount), file:, hdfs:, s3a: ...",
                    "Default: runs/bench-<name> in the working folder (fit for local and single-machine clusters only)."})
    String out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a value of every cell's run config (repeatable), as in `tapweight bench`.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--master", description = "Spark master, when not started by spark-submit (e.g. local[2]).")
    String master;

    @Override
    public Integer call() {
        BenchConfig bench = BenchConfig.read(config);
        bench.overrides.putAll(overrides);
        SparkConf conf = new SparkConf().setAppName("tapweight bench " + bench.name);
        if (master != null) {
            conf.setMaster(master);
        }
        if (!conf.contains("spark.master")) {
            throw new ConfigurationException("no Spark master: start this with spark-submit, or give --master (e.g. --master local[2])");
        }
        String target = outUri(out == null ? Path.of("runs", "bench-" + bench.name).toString() : out);
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            SparkBench.Result r = SparkBench.run(spark, bench, target, Thread.currentThread().getContextClassLoader(), null,
                    System.err);
            System.out.println();
            System.out.println(r.markdown());
            System.out.println("results: " + target + " (results.csv, results.md, results.html, plots/)");
            if (r.reportFolderIsTemporary()) {
                deleteTree(r.reportFolder());
            }
        }
        return 0;
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            System.err.println("could not delete the temporary report folder " + dir + ": " + e.getMessage());
        }
    }

    /** Exit code 2 and one line for a bad config or an unreachable output; anything else is a bug and shows its trace. */
    static CommandLine.IExecutionExceptionHandler errors() {
        return (e, line, parsed) -> {
            if (e instanceof ConfigurationException || e instanceof java.io.UncheckedIOException) {
                line.getErr().println("tapweight-spark-bench: " + e.getMessage());
                return 2;
            }
            throw e;
        };
    }

    /** A path without a scheme is a local path, made absolute (executors do not share the driver's working folder). */
    static String outUri(String out) {
        if (out.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            return URI.create(out).toString();
        }
        return Path.of(out).toAbsolutePath().normalize().toUri().toString();
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new SparkBenchMain());
        cli.setExecutionExceptionHandler(errors());
        System.exit(cli.execute(args));
    }
}
