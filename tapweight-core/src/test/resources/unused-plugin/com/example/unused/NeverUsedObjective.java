package com.example.unused;

import org.tapweight.api.modality.Objective;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.plugin.Settings;

/** A third-party provider that a run does not use: its jar must still appear in the record. */
public final class NeverUsedObjective implements ObjectiveProvider {
    @Override
    public String id() {
        return "never-used";
    }

    @Override
    public String description() {
        return "an objective no test run chooses";
    }

    @Override
    public String modality() {
        return "dense";
    }

    @Override
    public Objective<?> create(Settings settings) {
        throw new UnsupportedOperationException("never used");
    }
}
