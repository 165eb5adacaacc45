package org.tapweight.core.engine;

/** A loss or weight became NaN or infinite; the message names the outer step, level and quantity. */
public final class DivergenceException extends RuntimeException {

    private final int step;

    public DivergenceException(int step, String message) {
        super("outer step " + step + ": " + message);
        this.step = step;
    }

    public int step() {
        return step;
    }
}
