package org.tapweight.spark;

import java.io.Serializable;

/**
 * What a cell task reports to the driver. {@code attempt} is Spark's attempt number (0 for the first);
 * {@code resumed} says the attempt continued from a checkpoint an earlier attempt (or an earlier bench) left;
 * {@code host} names the machine and Spark executor that ran it.
 */
public record CellOutcome(CellSpec cell, Status status, int attempt, boolean resumed, String host, double seconds)
        implements Serializable {

    /** How the task left the cell. */
    public enum Status {
        /** It ran to the end and wrote results.json. */
        FINISHED,
        /** Its run diverged; failed.json says where (the bench reports it). */
        DIVERGED,
        /** It was finished before this bench started. */
        SKIPPED
    }
}
