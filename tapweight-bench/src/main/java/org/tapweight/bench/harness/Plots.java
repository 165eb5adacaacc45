package org.tapweight.bench.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.tapweight.core.record.AtomicFiles;
import org.tapweight.core.engine.StepResult;
import org.tapweight.core.record.RunHistory;
import org.tapweight.core.record.RunRecord;

/**
 * PNG plots of a bench: per task, each method's test metric (mean as a point with SD error bars, and
 * each seed as a small grey point); per task
 * and method, level II's training loss over outer steps and the validation loss at each level-III
 * update, one line per seed; and, for each method that learns weights, the weights over outer steps
 * (one chart per seed). Needs
 * {@code java.awt.headless=true} and fonts (fontconfig, fonts-dejavu-core on a bare machine).
 */
final class Plots {

    private Plots() {
    }

    static void write(Path dir, List<BenchResults.Row> rows, List<String> methodOrder) throws IOException {
        Set<String> tasks = new LinkedHashSet<>();
        rows.forEach(r -> tasks.add(r.task()));
        for (String task : tasks) {
            List<BenchResults.Row> taskRows = rows.stream().filter(r -> r.task().equals(task) && !r.failed()).toList();
            if (taskRows.isEmpty()) {
                continue;
            }
            metricChart(dir.resolve(task + "-metric.png"), task, taskRows, methodOrder);
            Set<String> methods = new LinkedHashSet<>();
            taskRows.forEach(r -> methods.add(r.method()));
            for (String method : methods) {
                curvesChart(dir.resolve(task + "-" + method + "-curves.png"), task, method,
                        taskRows.stream().filter(r -> r.method().equals(method)).toList());
            }
            Set<String> learning = new LinkedHashSet<>();
            taskRows.stream().filter(r -> new Method(r.method()).learnsWeights()).forEach(r -> learning.add(r.method()));
            for (String method : learning) {
                for (BenchResults.Row r : taskRows.stream().filter(r -> r.method().equals(method)).toList()) {
                    weightChart(dir.resolve(task + "-" + method + "-seed" + r.seed() + "-weights.png"), r);
                }
            }
        }
    }

    private static void metricChart(Path file, String task, List<BenchResults.Row> rows, List<String> methodOrder)
            throws IOException {
        List<String> methods = new ArrayList<>();
        for (String m : methodOrder) {
            if (rows.stream().anyMatch(r -> r.method().equals(m))) {
                methods.add(m);
            }
        }
        rows.forEach(r -> {
            if (!methods.contains(r.method())) {
                methods.add(r.method());
            }
        });
        List<Double> means = new ArrayList<>();
        List<Double> sds = new ArrayList<>();
        for (String m : methods) {
            double[] ms = BenchResults.meanSd(rows.stream().filter(r -> r.method().equals(m) && !Double.isNaN(r.test()))
                    .map(BenchResults.Row::test).toList());
            means.add(ms[0]);
            sds.add(Double.isNaN(ms[1]) ? 0.0 : ms[1]);
        }
        String metric = rows.get(0).metric();
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(900, 95 * methods.size())).height(560)
                .title(task + ": test " + metric + " after final finetuning (mean ± SD over seeds)")
                .xAxisTitle("method").yAxisTitle(metric).build();
        chart.getStyler().setLegendVisible(false);
        // Points, not bars: the y axis does not start at 0, and a bar cut off there exaggerates differences.
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(10);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setAxisTickLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        double min = means.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = means.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double pad = Math.max(0.02, (max - min) * 0.5 + sds.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        chart.addSeries("mean ± SD", methods, means, sds);
        // Each seed as a small grey point beside the mean, so the spread behind an SD is visible.
        java.util.TreeSet<Long> seeds = new java.util.TreeSet<>();
        rows.forEach(r -> seeds.add(r.seed()));
        double lowest = Math.max(0, min - pad);
        double highest = max + pad;
        for (long seed : seeds) {
            List<Double> values = new ArrayList<>();
            for (String m : methods) {
                double v = rows.stream().filter(r -> r.method().equals(m) && r.seed() == seed && !Double.isNaN(r.test()))
                        .mapToDouble(BenchResults.Row::test).findFirst().orElse(Double.NaN);
                values.add(Double.isNaN(v) ? null : v);
                if (!Double.isNaN(v)) {
                    lowest = Math.min(lowest, v);
                    highest = Math.max(highest, v);
                }
            }
            if (values.stream().anyMatch(java.util.Objects::nonNull)) {
                chart.addSeries("seed " + seed, methods, values).setMarkerColor(new java.awt.Color(120, 120, 120, 150))
                        .setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
            }
        }
        chart.getStyler().setYAxisMin(lowest);
        chart.getStyler().setYAxisMax(highest);
        save(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * Level II's training loss per outer step (thin, smoothed over 10 steps) and the validation loss at
     * each level-III update (markers), one colour per seed; nothing when no cell has a record with them.
     */
    static void curvesChart(Path file, String task, String method, List<BenchResults.Row> rows) throws IOException {
        Map<String, Path> records = new java.util.LinkedHashMap<>();
        rows.forEach(r -> records.put("seed " + r.seed(), r.dir().resolve(RunRecord.FILE_NAME)));
        curvesChart(file, task + " / " + method + ": task loss (training, smoothed) and validation loss, per seed", records);
    }

    /** The same for any records, one colour each, labelled by the map's keys. */
    static void curvesChart(Path file, String title, Map<String, Path> records) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(480).title(title)
                .xAxisTitle("outer step").yAxisTitle("loss").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(4);
        boolean any = false;
        java.awt.Color[] palette = chart.getStyler().getSeriesColors();
        int index = 0;
        for (Map.Entry<String, Path> r : records.entrySet()) {
            java.awt.Color colour = palette[index++ % palette.length]; // a seed's line and its validation points alike
            Path record = r.getValue();
            if (!java.nio.file.Files.isRegularFile(record)) {
                continue;
            }
            List<StepResult> steps = RunHistory.read(record).steps();
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> vx = new ArrayList<>();
            List<Double> vy = new ArrayList<>();
            double[] window = new double[10];
            int filled = 0;
            for (StepResult s : steps) {
                if (Double.isFinite(s.taskLoss())) {
                    window[filled % window.length] = s.taskLoss();
                    filled++;
                    x.add((double) s.step());
                    y.add(java.util.Arrays.stream(window, 0, Math.min(filled, window.length)).average().orElse(Double.NaN));
                }
                if (Double.isFinite(s.validationLoss())) {
                    vx.add((double) s.step());
                    vy.add(s.validationLoss());
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(r.getKey() + " train", x, y).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE)
                        .setLineColor(colour);
                any = true;
            }
            if (!vx.isEmpty()) {
                chart.addSeries(r.getKey() + " validation", vx, vy)
                        .setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter).setMarkerColor(colour);
                any = true;
            }
        }
        if (any) {
            save(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        }
    }

    private static void weightChart(Path file, BenchResults.Row row) throws IOException {
        List<StepResult> steps = RunHistory.read(row.dir().resolve(RunRecord.FILE_NAME)).steps();
        perObjectiveChart(file, row.task() + " / " + row.method() + " / seed " + row.seed() + ": objective weights", "weight",
                row.objectives(), steps, StepResult::weights);
    }

    /** One line per objective over the outer steps (weights, or level-I losses); nothing without steps. */
    static void perObjectiveChart(Path file, String title, String yTitle, List<String> objectives, List<StepResult> steps,
                                  java.util.function.Function<StepResult, double[]> values) throws IOException {
        if (steps.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(900).height(480).title(title).xAxisTitle("outer step").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(0);
        for (int k = 0; k < objectives.size(); k++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (StepResult s : steps) {
                double v = values.apply(s)[k];
                if (Double.isFinite(v)) {
                    x.add((double) s.step());
                    y.add(v);
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(objectives.get(k), x, y);
            }
        }
        save(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    static void save(Path file, byte[] png) throws IOException {
        AtomicFiles.write(file, out -> out.write(png));
    }
}
