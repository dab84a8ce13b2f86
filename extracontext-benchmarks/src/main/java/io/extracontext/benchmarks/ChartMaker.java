package io.extracontext.benchmarks;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the report's charts from the CSV that {@code report.py --csv} writes from the JMH JSON (and
 * from RetainedSize's JSON): one bar chart of ns/op per library for each operation, at 16 values
 * held (or the op's only shape), the scaling curves of read and write from 1 to 1024 values, and the
 * retained bytes per N. Every axis that spans sizes or several decades is logarithmic.
 *
 * <p>Usage: {@code java -Djava.awt.headless=true -cp benchmarks.jar io.extracontext.benchmarks.ChartMaker
 * RESULTS.csv OUT_DIR [RETAINED.json]}.
 */
public final class ChartMaker {
    private ChartMaker() {}

    record Row(String op, String subject, String library, String size, String layout, double score, double bytes) {}

    /** The ops drawn as bars, with their titles; the size shown is {@link #BAR_SIZE} where the op has sizes. */
    static final Map<String, String> OPS = new LinkedHashMap<>();
    static {
        OPS.put("get", "Read a value");
        OPS.put("setReset", "Scoped write + restore");
        OPS.put("snapshot", "Snapshot of the current context");
        OPS.put("wrap", "Wrapped task, run where not current");
        OPS.put("directExecute", "Executor wrapper (caller-runs delegate)");
        OPS.put("poolSubmit", "submit + get on a 1-thread pool");
        OPS.put("resume", "Coroutine resume (per yield)");
        OPS.put("launchJoin", "launch { }.join() (per child)");
        OPS.put("withContext", "withContext(element) { } (per block)");
    }
    static final String BAR_SIZE = "16";

    public static void main(String[] args) throws IOException {
        if (args.length < 2) throw new IllegalArgumentException("usage: ChartMaker RESULTS.csv OUT_DIR [RETAINED.json]");
        List<Row> rows = read(Path.of(args[0]));
        Path out = Path.of(args[1]);
        Files.createDirectories(out);

        List<CategoryChart> bars = new ArrayList<>();
        for (Map.Entry<String, String> op : OPS.entrySet()) {
            CategoryChart chart = bars(rows, op.getKey(), op.getValue());
            if (chart != null) bars.add(chart);
        }
        int cols = 3;
        int gridRows = (bars.size() + cols - 1) / cols;
        BitmapEncoder.saveBitmap(bars, gridRows, cols, out.resolve("ops.png").toString(), BitmapEncoder.BitmapFormat.PNG);

        List<XYChart> scaling = new ArrayList<>();
        for (String op : List.of("get", "setReset")) {
            XYChart chart = scaling(rows, op, OPS.get(op));
            if (chart != null) scaling.add(chart);
        }
        if (!scaling.isEmpty()) BitmapEncoder.saveBitmap(scaling, 1, scaling.size(), out.resolve("scaling.png").toString(), BitmapEncoder.BitmapFormat.PNG);

        if (args.length > 2) {
            XYChart retained = retained(Path.of(args[2]));
            BitmapEncoder.saveBitmap(retained, out.resolve("retained.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        System.out.println("charts written to " + out);
    }

    static List<Row> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            // report.py writes no quoted commas except in library names, which it never gives one.
            String[] f = line.split(",", -1);
            // Rows of the integration benchmarks name no subject: they are in the tables, not the charts.
            if (f[1].isEmpty()) continue;
            rows.add(new Row(f[0], f[1], f[2], f[3], f[4], Double.parseDouble(f[5]), f[7].isEmpty() ? Double.NaN : Double.parseDouble(f[7])));
        }
        return rows;
    }

    /** The row shown for a subject in a bar chart: size 16 (or none), settled layout (or none). */
    static boolean barShape(Row r) {
        return (r.size().isEmpty() || r.size().equals(BAR_SIZE)) && !r.layout().equals("fresh");
    }

    static CategoryChart bars(List<Row> rows, String op, String title) {
        List<String> libraries = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (Row r : rows) {
            if (!r.op().equals(op) || !barShape(r)) continue;
            libraries.add(r.library());
            scores.add(r.score());
        }
        if (libraries.isEmpty()) return null;
        CategoryChart chart = new CategoryChartBuilder().width(640).height(460)
                .title(title + (op.equals("resume") || op.equals("launchJoin") || op.equals("withContext") || op.startsWith("direct") || op.startsWith("pool")
                        ? " (16 values held)" : " (N = " + BAR_SIZE + ")"))
                .xAxisTitle("").yAxisTitle("ns/op, log scale (lower is better)").build();
        chart.addSeries("ns/op", libraries, scores).setFillColor(new Color(0x3b6ea8));
        Styler styler = chart.getStyler();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisLogarithmic(true);
        // Bars start at the axis minimum, which a log axis needs above zero: a decade under the least.
        double least = scores.stream().mapToDouble(Double::doubleValue).min().orElse(1);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(least)) - (least < 10 ? 0 : 0)));
        chart.getStyler().setXAxisLabelRotation(35);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsRotation(0);
        chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        styler.setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    static XYChart scaling(List<Row> rows, String op, String title) {
        Map<String, TreeMap<Integer, Double>> bySeries = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!r.op().equals(op) || r.size().isEmpty()) continue;
            String name = r.library() + (r.layout().isEmpty() ? "" : " (" + r.layout() + ")");
            bySeries.computeIfAbsent(name, k -> new TreeMap<>()).put(Integer.parseInt(r.size()), r.score());
        }
        if (bySeries.isEmpty()) return null;
        XYChart chart = new XYChartBuilder().width(760).height(520)
                .title(title + ": ns/op against the number of values held")
                .xAxisTitle("values held (N), log scale").yAxisTitle("ns/op, log scale").build();
        for (Map.Entry<String, TreeMap<Integer, Double>> series : bySeries.entrySet()) {
            if (series.getValue().size() < 2) continue;
            List<Integer> xs = new ArrayList<>(series.getValue().keySet());
            List<Double> ys = new ArrayList<>(series.getValue().values());
            XYSeries s = chart.addSeries(series.getKey(), xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            if (series.getKey().startsWith("extracontext")) s.setLineWidth(3.5f);
        }
        style(chart);
        return chart;
    }

    static XYChart retained(Path json) throws IOException {
        String text = Files.readString(json);
        Matcher m = Pattern.compile("\"subject\":\\s*\"(\\w+)\",\\s*\"size\":\\s*(\\d+),\\s*\"bytes\":\\s*(-?\\d+)").matcher(text);
        Map<String, TreeMap<Integer, Double>> bySeries = new LinkedHashMap<>();
        while (m.find()) bySeries.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), Math.max(1, Double.parseDouble(m.group(3))));
        XYChart chart = new XYChartBuilder().width(760).height(520)
                .title("Bytes retained by a captured context of N values (keys and values not counted)")
                .xAxisTitle("values held (N), log scale").yAxisTitle("retained bytes, log scale").build();
        Map<String, String> names = Map.of("contextVar", "extracontext", "openTelemetry", "OpenTelemetry", "grpc", "gRPC",
                "ttl", "TTL capture", "micrometer", "Micrometer snapshot", "mdc", "MDC copy");
        for (Map.Entry<String, TreeMap<Integer, Double>> series : bySeries.entrySet()) {
            XYSeries s = chart.addSeries(names.getOrDefault(series.getKey(), series.getKey()),
                    new ArrayList<>(series.getValue().keySet()), new ArrayList<>(series.getValue().values()));
            s.setMarker(SeriesMarkers.CIRCLE);
            if (series.getKey().equals("contextVar")) s.setLineWidth(3.5f);
        }
        style(chart);
        return chart;
    }

    static void style(XYChart chart) {
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
    }
}
