package org.tapweight.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The protocol's final finetuning (docs/design.md, section 4): a fresh task head on the run's final encoder,
 * trained on the training split, early-stopped on the validation split's primary metric; the test
 * metric is read once, at the best validation epoch. {@code epochs: 0} skips it.
 *
 * <p>Full finetuning trains the whole encoder and can undo what pretraining did, so
 * {@code extraProtocols} adds evaluations where pretraining can matter more, each reported on its
 * own: a frozen-encoder probe (only the fresh head learns) or a short finetuning (fewer epochs).
 * Unset fields are left out of the JSON, so configs without them keep their fingerprints.
 */
public final class FinetuneConfig {

    public int epochs = 0;
    /** Stop after this many epochs without a better validation metric. */
    public int patience = 10;
    public OptimizerConfig optimizer = OptimizerConfig.adam(1e-3);
    /**
     * True: a probe. The encoder stays as it is and only the fresh head learns, on the encoder's
     * vectors computed once per split in evaluation mode (no dropout) where the task model offers
     * that ({@code TaskModel#withFrozenEncoder}). Unset means false.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Boolean frozenEncoder = null;
    /**
     * Partial finetuning: the encoder's lowest parameter groups that stay as given, counting the input
     * embedding as the first (1: the embedding; 2: the embedding and the first layer; ...); the rest
     * and the head learn. Needs an encoder that says where its layers start. Unset means 0.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Integer frozenLayers = null;
    /**
     * Finetuning seeds per encoder (unset: 1). Each repeat gets a fresh head and batch order from its
     * own seed (the first is the run's seed, so a single repeat is the finetuning of earlier versions);
     * the reported metrics are their means. The same seeds serve every method of a bench seed, so
     * methods are compared under common random numbers.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Integer seeds = null;
    /** More evaluations of the same final encoder, each a variant of this one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public List<Protocol> extraProtocols = null;

    /** A variant of the finetuning: a name for the record, and what differs (unset: as the main one). */
    public static final class Protocol {
        public String name;
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public Boolean frozenEncoder = null;
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public Integer epochs = null;
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public Integer frozenLayers = null;
        /** Finetuning seeds of this protocol (unset: as the main one's). */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public Integer seeds = null;
        /** The optimiser's learning rate (a probe's head alone usually wants a larger one). */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public Double learningRate = null;
    }

    public int frozenLayersOrDefault() {
        return frozenLayers == null ? 0 : frozenLayers;
    }

    public int seedsOrDefault() {
        return seeds == null ? 1 : seeds;
    }

    public boolean frozen() {
        return Boolean.TRUE.equals(frozenEncoder);
    }

    /** This finetuning with {@code p}'s differences applied. */
    public FinetuneConfig variant(Protocol p) {
        FinetuneConfig v = new FinetuneConfig();
        v.epochs = p.epochs == null ? epochs : p.epochs;
        v.patience = patience;
        v.optimizer = optimizer;
        if (p.learningRate != null) {
            v.optimizer = copy(optimizer);
            v.optimizer.learningRate = p.learningRate;
        }
        v.frozenEncoder = p.frozenEncoder == null ? frozenEncoder : p.frozenEncoder;
        v.seeds = p.seeds == null ? seeds : p.seeds;
        v.frozenLayers = p.frozenLayers == null ? frozenLayers : p.frozenLayers;
        return v;
    }

    void check(List<String> problems) {
        if (frozenLayers != null && frozenLayers < 0) {
            problems.add("finetune.frozenLayers must be >= 0, got " + frozenLayers);
        }
        if (frozen() && frozenLayersOrDefault() > 0) {
            problems.add("finetune.frozenLayers and frozenEncoder: true together: a frozen encoder has every layer frozen; set one");
        }
        if (seeds != null && seeds < 1) {
            problems.add("finetune.seeds must be >= 1 (finetuning seeds per encoder), got " + seeds);
        }
        if (extraProtocols == null) {
            return;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < extraProtocols.size(); i++) {
            Protocol p = extraProtocols.get(i);
            String where = "finetune.extraProtocols[" + i + "]";
            if (p == null || p.name == null || !p.name.matches("[A-Za-z0-9_-]+")) {
                problems.add(where + ".name must be a plain name (letters, digits, - and _)");
            } else if (!names.add(p.name)) {
                problems.add(where + ".name '" + p.name + "' is given twice");
            }
            if (p != null && p.epochs != null && p.epochs < 1) {
                problems.add(where + ".epochs must be >= 1, got " + p.epochs);
            }
            if (p != null && p.frozenLayers != null && p.frozenLayers < 0) {
                problems.add(where + ".frozenLayers must be >= 0, got " + p.frozenLayers);
            }
            if (p != null && p.seeds != null && p.seeds < 1) {
                problems.add(where + ".seeds must be >= 1, got " + p.seeds);
            }
            if (p != null && p.learningRate != null && !(p.learningRate > 0 && Double.isFinite(p.learningRate))) {
                problems.add(where + ".learningRate must be a finite number > 0, got " + p.learningRate);
            }
            if (p != null && p.epochs == null && epochs == 0) {
                problems.add(where + " has no epochs and finetune.epochs is 0: give the protocol its own epochs");
            }
        }
    }

    private static OptimizerConfig copy(OptimizerConfig o) {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        return m.convertValue(m.convertValue(o, java.util.Map.class), OptimizerConfig.class);
    }
}
