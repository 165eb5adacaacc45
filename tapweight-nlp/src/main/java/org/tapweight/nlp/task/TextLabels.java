package org.tapweight.nlp.task;

import java.util.List;

/**
 * What a text task's labels are: class names (in index order; labels are indices into them) or, when
 * there are none, a regression target; and the metric that selects models.
 */
public record TextLabels(List<String> classes, String metric) {

    public TextLabels {
        classes = List.copyOf(classes);
        if (classes.size() == 1) {
            throw new IllegalArgumentException("one class: nothing to tell apart");
        }
    }

    public static TextLabels classes(List<String> names, String metric) {
        return new TextLabels(names, metric);
    }

    public static TextLabels regression(String metric) {
        return new TextLabels(List.of(), metric);
    }

    public boolean regression() {
        return classes.isEmpty();
    }
}
