package org.tapweight.core.run;

import org.tapweight.core.config.RunConfig;

/** Lets tests in other packages use the small dense config of {@link ResumeAndRecordTest}. */
public final class ResumeAndRecordTestAccess {

    private ResumeAndRecordTestAccess() {
    }

    public static RunConfig config() {
        return ResumeAndRecordTest.config();
    }
}
