package org.tapweight.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tapweight.api.model.Split;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.core.config.PluginRef;
import org.tapweight.core.config.RunConfig;
import org.tapweight.core.engine.DivergenceException;
import org.tapweight.core.engine.Finetuner;
import org.tapweight.core.engine.StepResult;
import org.tapweight.core.engine.TriLevelEngine;
import org.tapweight.core.metrics.UndefinedMetrics;
import org.tapweight.core.model.L2RegularisedTaskModel;
import org.tapweight.core.record.AtomicFiles;
import org.tapweight.core.record.Checkpoint;
import org.tapweight.core.record.EncoderFile;
import org.tapweight.core.record.HeadIdentity;
import org.tapweight.core.record.ModelFile;
import org.tapweight.core.record.RecordSchema;
import org.tapweight.core.record.RunProvenance;
import org.tapweight.core.record.RunRecord;
import org.tapweight.core.record.StartEvent;

/**
 * Runs an engine to the end with a record, periodic atomic checkpoints and resume. The output
 * folder holds {@code run-record.jsonl}, {@code checkpoint.zip} and, when the run finishes,
 * {@code results.json}. A loss that becomes NaN stops the run with an {@code error} event; the last
 * good checkpoint stays as it was.
 */
public final class RunDriver {

    public static final String RESULTS_FILE = "results.json";
    /**
     * The start-info key of the data checksums (file name to SHA-256); they go into every checkpoint
     * and a resume with different data is refused.
     */
    public static final String DATA_CHECKSUMS = "dataChecksums";

    private final TriLevelEngine engine;
    private final RunConfig config;
    private final Path outputDir;
    private final RunProvenance provenance;
    private final List<HeadIdentity> heads;
    private java.util.function.IntConsumer finetuneProgress;
    private ModelExport modelExport;
    private List<org.tapweight.api.listen.RunListener> listeners = List.of();

    /**
     * What a model file needs besides parameters: the task and encoder plug-ins (resolved settings) and
     * the task's predictor state (null when the task cannot score new inputs: no model file then).
     */
    public record ModelExport(PluginRef task, PluginRef encoder, Map<String, Object> predictorState) {
    }

    /**
     * @param provenance what the start event records beyond the config (plug-ins, data checksums)
     */
    public RunDriver(TriLevelEngine engine, Path outputDir, RunProvenance provenance) {
        this(engine, outputDir, provenance, List.of());
    }

    /**
     * @param heads what each objective head is (plug-in, resolved settings, signature), in objective
     *              order, for writing them with the encoder ({@link #trainedHeads()}); may be empty
     */
    public RunDriver(TriLevelEngine engine, Path outputDir, RunProvenance provenance, List<HeadIdentity> heads) {
        this.engine = engine;
        this.config = engine.config();
        this.outputDir = outputDir;
        this.provenance = provenance;
        this.heads = List.copyOf(heads);
    }

    /**
     * The outcome of a finished run.
     *
     * @param weights    the final objective weights, in the order of {@link #objectives()}
     * @param validation level II's model's metrics (before the final finetuning)
     * @param finetuned  the final finetuning's result (means over its seeds), or null without one
     */
    public record Summary(Path outputDir, int steps, double[] weights, Map<String, Double> validation,
                          Map<String, Double> test, double seconds, boolean resumed, Finetuner.Result finetuned,
                          List<String> objectives) {
    }

    /**
     * Closes every listener, each on its own: one that fails to close neither keeps the others open nor
     * replaces the run's own outcome (its failure is added to the exception in flight, or else thrown).
     */
    private void closeListeners() {
        RuntimeException first = null;
        for (org.tapweight.api.listen.RunListener l : listeners) {
            try {
                l.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null && !unwinding) {
            throw first;
        }
        if (first != null) {
            org.slf4j.LoggerFactory.getLogger(RunDriver.class).warn("a run listener failed to close: {}", first.toString());
        }
    }

    /** True while an exception leaves {@link #run}: a listener's failure to close must not replace it. */
    private boolean unwinding;

    /** Listeners told of the start, each step and the end; closed when the run ends or fails. */
    public void setListeners(List<org.tapweight.api.listen.RunListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** Makes the finished run write {@link ModelFile#FILE_NAME} (the final model) into its output folder. */
    public void setModelExport(ModelExport export) {
        this.modelExport = export;
    }

    public Path modelFile() {
        return outputDir.resolve(ModelFile.FILE_NAME);
    }

    /** Told each finished epoch of the final finetuning (for a progress bar). */
    public void setFinetuneProgress(java.util.function.IntConsumer listener) {
        this.finetuneProgress = listener;
    }

    public Path checkpointFile() {
        return outputDir.resolve(Checkpoint.FILE_NAME);
    }

    /** A run that stops with an error keeps its last kept checkpoint only (the pending one can be as large as the model). */
    private void dropPendingCheckpoint() {
        try {
            Files.deleteIfExists(pendingCheckpointFile());
        } catch (IOException e) {
            // the next attempt deletes it before its first step
        }
    }

    /** Puts a pending checkpoint in place, atomically where the file system can. */
    private void keep(Path pending) throws IOException {
        try {
            Files.move(pending, checkpointFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(pending, checkpointFile(), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A checkpoint taken but not yet kept (see {@link #loop}); hidden, and gone once kept or dropped. */
    private Path pendingCheckpointFile() {
        return outputDir.resolve("." + Checkpoint.FILE_NAME + ".pending");
    }

    public Path recordFile() {
        return outputDir.resolve(RunRecord.FILE_NAME);
    }

    /**
     * Runs to {@code config.outerSteps}, or stops early after {@code stopAfter} steps (for tests of
     * interruption; pass -1 to run to the end).
     *
     * @param resume continue from the checkpoint in the output folder; without one (the run was
     *               stopped before its first checkpoint) the run starts again from step 0
     * @return the summary, or null when stopped early
     */
    public Summary run(boolean resume, TriLevelEngine.StepListener progress, int stopAfter) {
        long start = System.nanoTime();
        String fingerprint = Provenance.fingerprint(config);
        Checkpoint.Identity identity = new Checkpoint.Identity(fingerprint, dataChecksums());
        boolean resumed = resume && Files.exists(checkpointFile());
        try {
            RunRecord record;
            if (resumed) {
                Checkpoint.restore(checkpointFile(), engine.state(), identity);
                record = RunRecord.resume(recordFile(), engine.state().step, startEvent(fingerprint), resumeEvent(fingerprint));
            } else {
                record = startRecord(resume, fingerprint);
            }
            try (record) {
                if (!resumed) {
                    warmUpHeads(record); // a resumed run's heads come from its checkpoint
                }
                org.tapweight.api.listen.RunStart runStart = new org.tapweight.api.listen.RunStart(config.name, config.seed,
                        config.mode.name(), objectiveIds(), engine.state().step, config.outerSteps, outputDir);
                listeners.forEach(l -> l.started(runStart));
                return loop(record, progress, stopAfter, identity, start, resumed);
            }
        } catch (IOException e) {
            unwinding = true;
            dropPendingCheckpoint();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            unwinding = true;
            dropPendingCheckpoint();
            throw e;
        } finally {
            closeListeners();
        }
    }

    /**
     * A new record for a run from step 0. With {@code resume} and no checkpoint, the record left by an
     * attempt stopped before its first checkpoint is replaced: that attempt has nothing to continue.
     */
    private RunRecord startRecord(boolean resume, String fingerprint) throws IOException {
        if (Files.exists(checkpointFile())) {
            throw new IOException(checkpointFile() + " exists: resume the run (--resume), or choose another output folder");
        }
        StartEvent start = startEvent(fingerprint);
        if (Files.exists(recordFile())) {
            if (!resume) {
                throw new IOException(recordFile() + " exists: resume the run (--resume), or choose another output folder");
            }
            int stepsRecorded = recordedSteps();
            if (config.checkpointEvery > 0 && stepsRecorded > config.checkpointEvery) {
                throw new IOException(recordFile() + " holds " + stepsRecorded + " steps, so a checkpoint was written, but "
                        + checkpointFile() + " is missing: restore it to resume, or start in a new output folder");
            }
            start = start.restarted("the earlier attempt stopped before its first checkpoint; it starts again from step 0");
            Files.delete(recordFile());
        }
        RunRecord record = RunRecord.create(recordFile());
        record.write("start", start);
        return record;
    }

    /** Step events in the record (torn lines skipped). */
    private int recordedSteps() throws IOException {
        int steps = 0;
        for (String line : Files.readAllLines(recordFile(), java.nio.charset.StandardCharsets.UTF_8)) {
            steps += line.contains("\"type\":\"step\"") ? 1 : 0;
        }
        return steps;
    }

    /** The checksums of the data the run reads, as the caller gave them in the provenance. */
    private Map<String, String> dataChecksums() {
        return provenance.dataChecksums() == null ? Map.of() : provenance.dataChecksums();
    }

    private Map<String, Object> resumeEvent(String fingerprint) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("outerSteps", config.outerSteps);
        e.put("checkpointEvery", config.checkpointEvery);
        e.put("divergence", config.divergenceOrDefault());
        e.put("configFingerprint", fingerprint);
        e.put(DATA_CHECKSUMS, dataChecksums());
        e.put("environment", Provenance.environment());
        return e;
    }

    private void warmUpHeads(RunRecord record) throws IOException {
        Map<String, Object> warmup;
        try {
            warmup = engine.warmUpHeads();
        } catch (DivergenceException e) {
            record.write("error", Map.of("step", e.step(), "message", e.getMessage(), "lastCheckpoint", "none"));
            throw e;
        }
        if (warmup != null) {
            record.write("headWarmup", warmup);
        }
    }

    /** The record's first event; the one place it is built. */
    private StartEvent startEvent(String fingerprint) {
        Map<String, Integer> parameters = new LinkedHashMap<>();
        parameters.put("levelI", engine.pretrainingModel().layout().size());
        parameters.put("levelII", engine.taskModel().layout().size());
        parameters.put("encoder", engine.pretrainingModel().layout().encoderSize());
        return new StartEvent(RecordSchema.VERSION, config.name, config.seed, config.mode, fingerprint, config,
                engine.pretrainingModel().objectiveIds(), parameters, Provenance.environment(), engine.headStart(),
                dataChecksums(), provenance.data(), provenance.objectiveReports(), provenance.plugins(),
                provenance.pluginJars(), provenance.headsNotLoaded(), null);
    }

    /**
     * The outer steps. A checkpoint due after step c is written only once step c + 1 has passed the
     * divergence guard, because step c + 1's losses are the first measured on that state: so the
     * checkpoint on disk is always one taken before a blow-up, never one that holds it.
     */
    private Summary loop(RunRecord record, TriLevelEngine.StepListener progress, int stopAfter, Checkpoint.Identity identity,
                         long start, boolean resumed) throws IOException {
        int done = 0;
        Path pending = null;
        Files.deleteIfExists(pendingCheckpointFile()); // left by an attempt killed between taking and keeping one
        while (engine.state().step < config.outerSteps) {
            StepResult r;
            try {
                r = engine.step();
            } catch (DivergenceException e) {
                int kept = Files.exists(checkpointFile()) ? Checkpoint.step(checkpointFile()) : -1;
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("step", e.step());
                error.put("message", e.getMessage());
                error.put("lastCheckpoint", kept < 0 ? "none" : checkpointFile().toString());
                error.put("lastCheckpointStep", kept);
                record.write("error", error);
                throw e; // the pending checkpoint (before the blow-up, but not checked by a step) is dropped in run()
            }
            if (pending != null) {
                keep(pending);
                pending = null;
            }
            record.write("step", r);
            org.tapweight.api.listen.StepReport report = new org.tapweight.api.listen.StepReport(r.step() + 1, objectiveIds(),
                    r.weights(), r.objectiveLosses(), r.taskLoss(), r.validationLoss(), r.hypergradientNorm(),
                    new double[] {r.millisI(), r.millisII(), r.millisIII()});
            listeners.forEach(l -> l.step(report));
            if (progress != null) {
                progress.onStep(r, engine);
            }
            int step = engine.state().step;
            if (config.checkpointEvery > 0 && step % config.checkpointEvery == 0 && step < config.outerSteps) {
                // taken now, kept once the next step has passed the guard; it waits in a file, not on the heap
                pending = pendingCheckpointFile();
                AtomicFiles.write(pending, out -> Checkpoint.writeTo(out, engine.state(), identity));
            }
            done++;
            if (stopAfter >= 0 && done >= stopAfter) {
                Files.deleteIfExists(pendingCheckpointFile());
                return null;
            }
        }
        requireFiniteFinalState();
        Checkpoint.save(checkpointFile(), engine.state(), identity);
        Map<String, Double> validation = engine.taskModel().metrics(engine.taskParameters(), Split.VALIDATION);
        Map<String, Double> test = engine.taskModel().metrics(engine.taskParameters(), Split.TEST);
        Finetuner.Result finetuned = null;
        Finetuner.Repeated finetunedRuns = null;
        if (config.finetune.epochs > 0) {
            // The protocol's finetuning is not part of the tri-level problem: it trains on the task loss
            // without levelII.l2 (its regulariser is finetune.optimizer.weightDecay).
            finetunedRuns = Finetuner.runRepeated(L2RegularisedTaskModel.unregularised(engine.taskModel()),
                    engine.encoderParameters(), config.finetune, config.seed, engine.state().theta.dataType(), finetuneProgress);
            finetuned = finetunedRuns.asResult();
            record.write("finetune", finetuneEvent(null, finetunedRuns));
        }
        Map<String, String> undefinedProtocolMetrics = new LinkedHashMap<>();
        Map<String, Object> protocols = extraProtocols(record, undefinedProtocolMetrics);
        double seconds = (System.nanoTime() - start) / 1e9;
        Summary summary = new Summary(outputDir, engine.state().step, engine.currentWeights(), validation, test, seconds,
                resumed, finetuned, objectiveIds());
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("steps", summary.steps());
        end.put("mode", config.mode);
        end.put("primaryMetric", engine.taskModel().primaryMetric());
        end.put("higherIsBetter", engine.taskModel().higherIsBetter());
        end.put("objectives", engine.pretrainingModel().objectiveIds());
        end.put("weights", summary.weights());
        end.put("validation", validation);
        end.put("test", test);
        if (finetunedRuns != null) {
            end.put("finetuned", finetunedResult(finetunedRuns));
        }
        if (!protocols.isEmpty()) {
            end.put("protocols", protocols);
        }
        Map<String, Object> model = writeModel(finetunedRuns, validation, test);
        if (model != null) {
            end.put("model", model);
        }
        Map<String, String> undefined = new LinkedHashMap<>(UndefinedMetrics.of("validation", validation));
        undefined.putAll(UndefinedMetrics.of("test", test));
        if (finetuned != null) {
            undefined.putAll(UndefinedMetrics.of("finetuned.validation", finetuned.validation()));
            undefined.putAll(UndefinedMetrics.of("finetuned.test", finetuned.test()));
        }
        undefined.putAll(undefinedProtocolMetrics);
        if (!undefined.isEmpty()) {
            end.put("undefinedMetrics", undefined);
        }
        end.put("seconds", seconds);
        record.write("end", end);
        AtomicFiles.writeString(outputDir.resolve(RESULTS_FILE), RunRecordJson.write(end));
        if (!listeners.isEmpty()) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            validation.forEach((k, v) -> metrics.put("validation/" + k, v));
            test.forEach((k, v) -> metrics.put("test/" + k, v));
            if (finetuned != null) {
                finetuned.validation().forEach((k, v) -> metrics.put("finetuned/validation/" + k, v));
                finetuned.test().forEach((k, v) -> metrics.put("finetuned/test/" + k, v));
            }
            listeners.forEach(l -> l.finished(summary.steps(), metrics));
        }
        return summary;
    }

    /**
     * A {@code finetune} event; {@code protocol} is null for the main finetuning. With several
     * finetuning seeds, {@code validation}/{@code test} are their means and {@code repeats} holds each run.
     */
    private Map<String, Object> finetuneEvent(String protocol, Finetuner.Repeated runs) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (protocol != null) {
            f.put("protocol", protocol);
        }
        f.put("metric", engine.taskModel().primaryMetric());
        f.put("validationCurve", runs.runs().get(0).validationCurve());
        f.putAll(finetunedResult(runs));
        if (runs.runs().size() > 1) {
            List<List<Double>> curves = runs.runs().stream().map(Finetuner.Result::validationCurve).toList();
            f.put("validationCurves", curves);
        }
        return f;
    }

    /**
     * The finetuned result for the end event and results.json: best epoch, validation and test
     * metrics (means over the finetuning seeds), and with several seeds each run's.
     */
    private static Map<String, Object> finetunedResult(Finetuner.Repeated runs) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("bestEpoch", runs.runs().get(0).bestEpoch());
        f.put("validation", runs.validation());
        f.put("test", runs.test());
        if (runs.runs().size() > 1) {
            List<Map<String, Object>> repeats = new ArrayList<>();
            for (int r = 0; r < runs.runs().size(); r++) {
                Finetuner.Result one = runs.runs().get(r);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("seed", runs.seeds().get(r));
                m.put("bestEpoch", one.bestEpoch());
                m.put("validation", one.validation());
                m.put("test", one.test());
                repeats.add(m);
            }
            f.put("repeats", repeats);
        }
        return f;
    }

    /**
     * Writes the final model: the final finetuning's best repeat (by validation metric) at its best
     * epoch, or without finetuning level II's task model. Returns what the end event says of it, or
     * null when no model is written (no export set, or a task that cannot score new inputs).
     */
    private Map<String, Object> writeModel(Finetuner.Repeated finetuned, Map<String, Double> validation, Map<String, Double> test)
            throws IOException {
        if (modelExport == null || modelExport.predictorState() == null) {
            return null;
        }
        INDArray params;
        Map<String, Object> about = new LinkedHashMap<>();
        if (finetuned != null) {
            Finetuner.Result best = finetuned.bestRun();
            params = best.parameters();
            about.put("source", "final finetuning, repeat " + (finetuned.best() + 1) + " of " + finetuned.runs().size()
                    + " (seed " + finetuned.seeds().get(finetuned.best()) + ", the best validation " + engine.taskModel().primaryMetric()
                    + "), epoch " + best.bestEpoch());
            about.put("validation", best.validation());
            about.put("test", best.test());
        } else {
            params = engine.taskParameters();
            about.put("source", "level II's task model after " + engine.state().step + " outer steps (no final finetuning)");
            about.put("validation", validation);
            about.put("test", test);
        }
        about.put("metric", engine.taskModel().primaryMetric());
        about.put("higherIsBetter", engine.taskModel().higherIsBetter());
        about.put("run", config.name);
        about.put("mode", config.mode);
        about.put("seed", config.seed);
        about.put("configFingerprint", Provenance.fingerprint(config));
        about.put(DATA_CHECKSUMS, dataChecksums());
        about.put("environment", Provenance.environment());
        about.put("written", java.time.Instant.now().toString());
        int e = engine.taskModel().layout().encoderSize();
        INDArray encoder = params.get(org.tapweight.nn.Vectors.range(0, e)).dup();
        INDArray head = params.get(org.tapweight.nn.Vectors.range(e, params.length())).dup();
        ModelFile.save(modelFile(), new ModelFile.Contents(modelExport.task(), modelExport.encoder(), modelExport.predictorState(),
                encoder, head, about));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", ModelFile.FILE_NAME);
        out.put("source", about.get("source"));
        return out;
    }

    /**
     * The last step's update is checked by no later step: a non-finite parameter after it would land in
     * the final checkpoint and the finetuning, so it is a divergence here.
     */
    private void requireFiniteFinalState() {
        for (org.nd4j.linalg.api.ndarray.INDArray a : new org.nd4j.linalg.api.ndarray.INDArray[] {engine.state().theta, engine.state().omega}) {
            if (a != null && !Double.isFinite(a.norm2Number().doubleValue())) {
                throw new DivergenceException(engine.state().step, "the parameters after the last outer step are not finite");
            }
        }
    }

    /**
     * The finetuning's extra protocols (a frozen-encoder probe, a short finetuning) on the same final
     * encoder, each with its own {@code finetune} event; by name, for the end event.
     */
    private Map<String, Object> extraProtocols(RunRecord record, Map<String, String> undefinedProtocolMetrics) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        if (config.finetune.extraProtocols == null) {
            return out;
        }
        for (org.tapweight.core.config.FinetuneConfig.Protocol p : config.finetune.extraProtocols) {
            org.tapweight.core.config.FinetuneConfig variant = config.finetune.variant(p);
            if (variant.epochs == 0) {
                continue;
            }
            Finetuner.Repeated r;
            try {
                r = Finetuner.runRepeated(L2RegularisedTaskModel.unregularised(engine.taskModel()), engine.encoderParameters(),
                        variant, config.seed, engine.state().theta.dataType(), null);
            } catch (org.tapweight.api.plugin.ConfigurationException | DivergenceException e) {
                // an extra evaluation that cannot give a result (a metric undefined in every epoch, a NaN
                // loss) is recorded as such; it does not throw away the run and its main result
                record.write("finetune", Map.of("protocol", p.name, "failed", e.getMessage()));
                out.put(p.name, Map.of("failed", e.getMessage()));
                continue;
            }
            record.write("finetune", finetuneEvent(p.name, r));
            out.put(p.name, finetunedResult(r));
            undefinedProtocolMetrics.putAll(UndefinedMetrics.of(p.name + ".validation", r.validation()));
            undefinedProtocolMetrics.putAll(UndefinedMetrics.of(p.name + ".test", r.test()));
        }
        return out;
    }

    /** The encoder parameters a later run would start from (see {@link TriLevelEngine#encoderParameters()}). */
    public org.nd4j.linalg.api.ndarray.INDArray encoderParameters() {
        return engine.encoderParameters();
    }

    /**
     * Level I's objective heads as they are now, each with what it is, for writing them beside the
     * encoder ({@link org.tapweight.core.record.EncoderFile}); empty if the driver was made without
     * head identities.
     */
    public List<EncoderFile.StoredHead> trainedHeads() {
        if (heads.isEmpty()) {
            return List.of();
        }
        org.nd4j.linalg.api.ndarray.INDArray theta = engine.levelIParameterCopy();
        List<org.tapweight.api.model.ParameterLayout.Segment> segments = engine.pretrainingModel().layout().heads();
        List<EncoderFile.StoredHead> out = new java.util.ArrayList<>();
        for (int k = 0; k < segments.size(); k++) {
            org.tapweight.api.model.ParameterLayout.Segment s = segments.get(k);
            out.add(new EncoderFile.StoredHead(heads.get(k),
                    theta.get(org.tapweight.nn.Vectors.range(s.offset(), s.offset() + s.length())).dup()));
        }
        return out;
    }

    /** The objective ids in record order, for readers. */
    public List<String> objectiveIds() {
        return engine.pretrainingModel().objectiveIds();
    }
}
