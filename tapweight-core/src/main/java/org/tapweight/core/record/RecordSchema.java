package org.tapweight.core.record;

/**
 * The run record's schema version, written in every start event as {@code schema}. Version 1
 * records (before the field existed) had the start event's {@code plugins} as a map from role to
 * origin; version 2 has a list of {@link PluginOrigin}s with versions and resolved settings. Step
 * events are {@link org.tapweight.core.engine.StepResult}s in both. {@link RunHistory} reads both
 * and refuses a newer version with a message saying so.
 */
public final class RecordSchema {

    /** The version this build writes. */
    public static final int VERSION = 2;

    private RecordSchema() {
    }
}
