package org.tapweight.api.model;

/** The parts of a task's labelled data. Level III sees VALIDATION only; TEST is for the final report. */
public enum Split {
    TRAIN, VALIDATION, TEST
}
