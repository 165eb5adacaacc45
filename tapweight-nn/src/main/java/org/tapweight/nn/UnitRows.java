package org.tapweight.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Scales each row to unit length, {@code z = u / ||u||}, with its backward pass; used by the contrastive objectives. */
public final class UnitRows {

    private UnitRows() {
    }

    /** The unit rows and the row norms ({@code [n, 1]}) the backward pass needs. */
    public record State(INDArray unit, INDArray norms) {
    }

    public static State forward(INDArray u) {
        INDArray norms = u.norm2(1).reshape(u.rows(), 1);
        return new State(Broadcast.divColumnVector(u, norms), norms);
    }

    /** {@code du = (dz - z (z . dz)) / ||u||}. */
    public static INDArray backward(State s, INDArray dUnit) {
        INDArray dot = dUnit.mul(s.unit()).sum(1).reshape(s.unit().rows(), 1);
        return Broadcast.diviColumnVector(dUnit.sub(Broadcast.mulColumnVector(s.unit(), dot)), s.norms());
    }
}
