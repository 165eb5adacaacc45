package org.tapweight.api.model;

import java.util.ArrayList;
import java.util.List;

/**
 * How one level's flat parameter vector is divided: the shared encoder first, at offset 0, then
 * one segment per head (an objective's or a task's). The engine couples levels I and II over the
 * encoder segment only.
 */
public record ParameterLayout(int encoderSize, List<Segment> heads) {

    /** A named, contiguous range of the flat vector. */
    public record Segment(String name, int offset, int length) {
    }

    public ParameterLayout {
        if (encoderSize < 0) {
            throw new IllegalArgumentException("encoder size must be >= 0, got " + encoderSize);
        }
        heads = List.copyOf(heads);
        int expected = encoderSize;
        for (Segment s : heads) {
            if (s.offset() != expected || s.length() < 0) {
                throw new IllegalArgumentException("head segments must follow the encoder contiguously; " + s
                        + " should start at " + expected);
            }
            expected += s.length();
        }
    }

    /** Builds a layout from an encoder size and (name, length) pairs of heads in order. */
    public static ParameterLayout of(int encoderSize, List<String> headNames, List<Integer> headSizes) {
        if (headNames.size() != headSizes.size()) {
            throw new IllegalArgumentException("one size per head name expected");
        }
        List<Segment> segments = new ArrayList<>();
        int offset = encoderSize;
        for (int i = 0; i < headNames.size(); i++) {
            segments.add(new Segment(headNames.get(i), offset, headSizes.get(i)));
            offset += headSizes.get(i);
        }
        return new ParameterLayout(encoderSize, segments);
    }

    /** The total number of parameters. */
    public int size() {
        return heads.isEmpty() ? encoderSize : heads.get(heads.size() - 1).offset() + heads.get(heads.size() - 1).length();
    }
}
