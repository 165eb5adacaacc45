package org.tapweight.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.run.ResumeAndRecordTestAccess;

/**
 * Issue 11, item 4: optimiser weight decay that the hypergradient would not see is refused, with the
 * reason and the setting to use instead; elsewhere it stays allowed. And {@code l2} is validated.
 */
class DecoupledWeightDecayTest {

    private static RunConfig config(Mode mode) {
        RunConfig c = ResumeAndRecordTestAccess.config();
        c.mode = mode;
        return c;
    }

    @Test
    void tapweightRefusesLevelIWeightDecaySayingWhyAndWhatToSet() {
        RunConfig c = config(Mode.TAPWEIGHT);
        c.levelI.optimizer.weightDecay = 0.01;
        assertThatThrownBy(c::validate).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("levelI.optimizer.weightDecay is 0.01")
                .hasMessageContaining("decoupled weight decay moves the level's fixed point but is not in the loss whose Hessian the hypergradient inverts")
                .hasMessageContaining("use levelI.l2 instead");
    }

    @Test
    void tapweightRefusesLevelIIWeightDecay() {
        RunConfig c = config(Mode.TAPWEIGHT);
        c.levelII.optimizer.weightDecay = 0.01;
        assertThatThrownBy(c::validate).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("levelII.optimizer.weightDecay is 0.01")
                .hasMessageContaining("use levelII.l2 instead")
                .hasMessageNotContaining("levelI.optimizer");
    }

    @Test
    void bilevelRefusesLevelIWeightDecayOnly() {
        RunConfig c = config(Mode.BILEVEL);
        c.levelI.optimizer.weightDecay = 0.01;
        assertThatThrownBy(c::validate).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("mode BILEVEL differentiates through levelI");
        RunConfig d = config(Mode.BILEVEL);
        d.levelII.optimizer.weightDecay = 0.01; // BILEVEL steps one joint model with level I's optimiser
        assertThatCode(d::validate).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"FIXED", "PRETRAIN", "FINETUNE"})
    void modesWithoutAHypergradientKeepWeightDecay(Mode mode) {
        RunConfig c = config(mode);
        c.levelI.optimizer.weightDecay = 0.01;
        c.levelII.optimizer.weightDecay = 0.02;
        assertThatCode(c::validate).doesNotThrowAnyException();
    }

    @Test
    void finetuneWeightDecayIsAllowedInATapweightRun() {
        RunConfig c = config(Mode.TAPWEIGHT);
        c.finetune.optimizer.weightDecay = 0.01;
        c.levelIII.optimizer.weightDecay = 0.01;
        c.levelI.l2 = 0.01;
        c.levelII.l2 = 0.01;
        assertThatCode(c::validate).doesNotThrowAnyException();
    }

    @Test
    void l2MustBeAFiniteNonNegativeNumber() {
        RunConfig c = config(Mode.FIXED);
        c.levelI.l2 = -0.1;
        c.levelII.l2 = Double.NaN;
        assertThatThrownBy(c::validate).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("levelI.l2 must be a finite number >= 0")
                .hasMessageContaining("levelII.l2 must be a finite number >= 0");
        assertThat(new LevelConfig().l2).isZero();
    }

    @Test
    void zeroL2IsLeftOutOfTheConfigJsonSoEarlierFingerprintsAndCheckpointsStillHold() {
        RunConfig c = config(Mode.TAPWEIGHT);
        assertThat(c.toJson()).doesNotContain("\"l2\"");
        String before = org.tapweight.core.run.Provenance.fingerprint(c);
        c.levelII.l2 = 0.01;
        assertThat(c.toJson()).contains("\"l2\" : 0.01");
        assertThat(c.copy().levelII.l2).isEqualTo(0.01);
        assertThat(org.tapweight.core.run.Provenance.fingerprint(c)).isNotEqualTo(before);
    }

    @Test
    void l2IsReadFromAConfigFile() {
        RunConfig c = RunConfig.parse("test", "levelI: {l2: 0.02}\nlevelII: {l2: 0.03}\n", true, java.util.Map.of());
        assertThat(c.levelI.l2).isEqualTo(0.02);
        assertThat(c.levelII.l2).isEqualTo(0.03);
    }
}
