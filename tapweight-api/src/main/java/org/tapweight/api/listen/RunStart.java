package org.tapweight.api.listen;

import java.nio.file.Path;
import java.util.List;

/**
 * What a listener learns when a run (or a resumed attempt) starts.
 *
 * @param firstStep the outer step this attempt starts at: 0, or the checkpoint's after a resume
 * @param outputDir the run's output folder
 */
public record RunStart(String name, long seed, String mode, List<String> objectives, int firstStep, int outerSteps,
                       Path outputDir) {

    public RunStart {
        objectives = List.copyOf(objectives);
    }
}
