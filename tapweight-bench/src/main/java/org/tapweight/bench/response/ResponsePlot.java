package org.tapweight.bench.response;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.tapweight.core.record.AtomicFiles;

/**
 * One PNG per strategy: predicted {@code <h, d>} against the mean response over batch seeds, with SE
 * error bars, one point per direction (XChart, as the bench plots). Needs {@code java.awt.headless=true}.
 */
final class ResponsePlot {

    private ResponsePlot() {
    }

    static void write(Path dir, Plan plan, List<DirectionStats> stats) throws IOException {
        if (stats.isEmpty()) {
            return;
        }
        for (int i = 0; i < plan.predictions().size(); i++) {
            Prediction p = plan.predictions().get(i);
            double[] x = new double[stats.size()];
            double[] y = new double[stats.size()];
            double[] se = new double[stats.size()];
            for (int j = 0; j < stats.size(); j++) {
                x[j] = Direction.dot(p.hypergradient(), stats.get(j).direction().d());
                y[j] = stats.get(j).mean();
                se[j] = Double.isNaN(stats.get(j).se()) ? 0.0 : stats.get(j).se();
            }
            XYChart chart = new XYChartBuilder().width(760).height(560)
                    .title("h" + (i + 1) + " = " + p.label())
                    .xAxisTitle("predicted <h, d>").yAxisTitle("mean response dL_val/de (± SE over batch seeds)").build();
            chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            chart.getStyler().setMarkerSize(8);
            chart.getStyler().setLegendVisible(false);
            chart.addSeries("directions", x, y, se);
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            AtomicFiles.write(dir.resolve("response-h" + (i + 1) + ".png"), out -> out.write(png));
        }
    }
}
