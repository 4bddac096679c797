package org.watchtray.app.ui.timeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedAreaChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.watchtray.core.event.SourceId;

/** Event rate over time by source, and each thin pool's data and metadata usage over time. */
public final class ChartsView extends ScrollPane {
    private final Clock clock;
    private final StackedAreaChart<Number, Number> rate;
    private final VBox pools = new VBox(8);

    public ChartsView(ChartsViewModel model, Clock clock) {
        this.clock = clock;
        getStyleClass().add("charts");
        getStylesheets().add(ChartsView.class.getResource("timeline.css").toExternalForm());
        rate = new StackedAreaChart<>(timeAxis(), countAxis("events"));
        rate.setId("rate-chart");
        rate.setAnimated(false);
        rate.setCreateSymbols(false);
        rate.setPrefHeight(300);
        pools.setId("pool-charts");
        VBox content = new VBox(10, rate, pools);
        content.setPadding(new Insets(8));
        setContent(content);
        setFitToWidth(true);
        model.rateTable().addListener((o, was, now) -> showRates(now));
        model.poolSamples().addListener((o, was, now) -> showPools(now));
        showRates(model.rateTable().get());
        showPools(model.poolSamples().get());
    }

    public StackedAreaChart<Number, Number> rateChart() {
        return rate;
    }

    /** One chart per pool, in the order pools first reported. */
    public List<LineChart<Number, Number>> poolCharts() {
        List<LineChart<Number, Number>> out = new ArrayList<>();
        pools.getChildren().forEach(n -> {
            if (n instanceof LineChart<?, ?> c) {
                @SuppressWarnings("unchecked")
                LineChart<Number, Number> lc = (LineChart<Number, Number>) c;
                out.add(lc);
            }
        });
        return out;
    }

    private void showRates(EventRates.RateTable t) {
        rate.setTitle("Events per " + per(t.width()) + " by source");
        List<XYChart.Series<Number, Number>> series = new ArrayList<>();
        for (SourceId s : SourceId.values()) {
            int[] counts = t.counts().get(s);
            if (counts == null) {
                continue;
            }
            XYChart.Series<Number, Number> line = new XYChart.Series<>();
            line.setName(Glyphs.label(s) + " (" + t.total(s) + ")");
            for (int b = 0; b < counts.length; b++) {
                line.getData().add(new XYChart.Data<>(t.bucketStarts().get(b).getEpochSecond(), counts[b]));
            }
            series.add(line);
        }
        rate.getData().setAll(series);
        fitTime((NumberAxis) rate.getXAxis(), t.bucketStarts().isEmpty() ? null : t.bucketStarts().getFirst(),
                t.bucketStarts().isEmpty() ? null : t.bucketStarts().getLast());
    }

    private void showPools(Map<String, List<PoolUsage.Sample>> samples) {
        if (samples.isEmpty()) {
            Label none = new Label("No thin pool has reported usage yet.");
            none.getStyleClass().add("charts-empty");
            pools.getChildren().setAll(none);
            return;
        }
        List<javafx.scene.Node> charts = new ArrayList<>();
        for (Map.Entry<String, List<PoolUsage.Sample>> pool : samples.entrySet()) {
            NumberAxis y = countAxis("% used");
            y.setAutoRanging(false);
            y.setLowerBound(0);
            y.setUpperBound(100);
            y.setTickUnit(20);
            NumberAxis x = timeAxis();
            LineChart<Number, Number> chart = new LineChart<>(x, y);
            chart.getStyleClass().add("pool-chart");
            chart.setTitle("Thin pool \u201c" + org.watchtray.core.event.Text.visible(pool.getKey()) + "\u201d");
            chart.setAnimated(false);
            chart.setCreateSymbols(pool.getValue().size() < 40);
            chart.setPrefHeight(240);
            XYChart.Series<Number, Number> data = new XYChart.Series<>();
            data.setName("data");
            XYChart.Series<Number, Number> meta = new XYChart.Series<>();
            meta.setName("metadata");
            for (PoolUsage.Sample s : pool.getValue()) {
                if (!Double.isNaN(s.dataPercent())) {
                    data.getData().add(new XYChart.Data<>(s.time().getEpochSecond(), s.dataPercent()));
                }
                if (!Double.isNaN(s.metadataPercent())) {
                    meta.getData().add(new XYChart.Data<>(s.time().getEpochSecond(), s.metadataPercent()));
                }
            }
            chart.getData().setAll(List.of(data, meta));
            List<PoolUsage.Sample> v = pool.getValue();
            fitTime(x, v.getFirst().time(), v.getLast().time());
            charts.add(chart);
        }
        pools.getChildren().setAll(charts);
    }

    private NumberAxis timeAxis() {
        NumberAxis x = new NumberAxis();
        x.setForceZeroInRange(false);
        x.setAutoRanging(false);
        x.setMinorTickVisible(false);
        return x;
    }

    private static NumberAxis countAxis(String label) {
        NumberAxis y = new NumberAxis();
        y.setLabel(label);
        y.setMinorTickVisible(false);
        return y;
    }

    /** Sets the time axis to [from, to] on round ticks, each with its own label. */
    private void fitTime(NumberAxis x, Instant from, Instant to) {
        if (from == null) {
            return;
        }
        TimeAxis axis = TimeAxis.fit(from, to);
        x.setLowerBound(axis.lower());
        x.setUpperBound(axis.upper());
        x.setTickUnit(axis.tick());
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return axis.label(n.longValue(), clock.getZone());
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException("axis labels are not parsed");
            }
        });
    }

    private static String per(Duration width) {
        long s = width.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 == 1 ? "minute" : s / 60 + " minutes";
        }
        if (s < 86_400) {
            return s / 3600 == 1 ? "hour" : s / 3600 + " hours";
        }
        return "day";
    }
}
