package org.tapweight.testkit;

import java.util.List;

/**
 * What a run listener heard in {@link PluginTestKit#checkListener}: the calls in order
 * ({@code started@0}, {@code step 1}, ..., {@code close}, then the resumed attempt's), the steps of
 * each attempt, and the metrics of the end.
 *
 * @param calls       every call the framework made, in order
 * @param stepsHeard  per attempt, the steps it heard
 * @param finalMetrics what {@code finished} was given (metric name to value)
 */
public record ListenerReport(List<String> calls, List<List<Integer>> stepsHeard, java.util.Map<String, Double> finalMetrics) {
}
