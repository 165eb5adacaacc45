package org.tapweight.core.engine;

import org.tapweight.core.config.Mode;

/**
 * What an outer step runs in each mode (see {@link Mode}); level III's part is the engine's
 * {@link WeightUpdate}. BILEVEL runs one joint model instead of levels I and II.
 *
 * @param levelI       whether level I steps
 * @param levelII      whether level II steps
 * @param joint        whether the joint model steps instead (BILEVEL)
 * @param fixedWeights whether level I uses the config's fixed weights rather than {@code w(lambda)}
 */
record Schedule(boolean levelI, boolean levelII, boolean joint, boolean fixedWeights) {

    static Schedule of(Mode mode) {
        return switch (mode) {
            case TAPWEIGHT, BALANCED -> new Schedule(true, true, false, false);
            case FIXED -> new Schedule(true, true, false, true);
            case PRETRAIN -> new Schedule(true, false, false, true);
            case FINETUNE -> new Schedule(false, true, false, false);
            case BILEVEL -> new Schedule(false, false, true, false);
        };
    }
}
