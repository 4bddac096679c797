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
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.core.event.SourceId;

/** Event rate over time by source, and each thin pool's data and metadata usage over time. */
public final class ChartsView extends ScrollPane {
    private final Clock clock;
    private final EventText words;
    private final Messages m;
    private final StackedAreaChart<Number, Number> rate;
    private final VBox pools = new VBox(8);

    public ChartsView(ChartsViewModel model, Clock clock, EventText words) {
        this.clock = clock;
        this.words = words;
        this.m = words.messages();
        getStyleClass().add("charts");
        getStylesheets().add(ChartsView.class.getResource("timeline.css").toExternalForm());
        rate = new StackedAreaChart<>(timeAxis(), countAxis(m.text("charts.rate.axis")));
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
        rate.setTitle(m.format("charts.rate.title", per(t.width())));
        List<XYChart.Series<Number, Number>> series = new ArrayList<>();
        for (SourceId s : SourceId.values()) {
            int[] counts = t.counts().get(s);
            if (counts == null) {
                continue;
            }
            XYChart.Series<Number, Number> line = new XYChart.Series<>();
            line.setName(m.format("charts.rate.series", words.sourceLabel(s), t.total(s)));
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
            Label none = new Label(m.text("charts.pools.none"));
            none.getStyleClass().add("charts-empty");
            pools.getChildren().setAll(none);
            return;
        }
        List<javafx.scene.Node> charts = new ArrayList<>();
        for (Map.Entry<String, List<PoolUsage.Sample>> pool : samples.entrySet()) {
            NumberAxis y = countAxis(m.text("charts.pool.axis"));
            y.setAutoRanging(false);
            y.setLowerBound(0);
            y.setUpperBound(100);
            y.setTickUnit(20);
            NumberAxis x = timeAxis();
            LineChart<Number, Number> chart = new LineChart<>(x, y);
            chart.getStyleClass().add("pool-chart");
            chart.setTitle(m.format("charts.pool.title", m.quote(pool.getKey())));
            chart.setAnimated(false);
            chart.setCreateSymbols(pool.getValue().size() < 40);
            chart.setPrefHeight(240);
            XYChart.Series<Number, Number> data = new XYChart.Series<>();
            data.setName(m.text("charts.pool.data"));
            XYChart.Series<Number, Number> meta = new XYChart.Series<>();
            meta.setName(m.text("charts.pool.metadata"));
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
                return axis.label(n.longValue(), clock.getZone(), m.locale());
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException("axis labels are not parsed");
            }
        });
    }

    /** The bucket width in words: "10 s", "minute", "5 minutes", "hour", "day". */
    private String per(Duration width) {
        long s = width.toSeconds();
        if (s < 60) {
            return m.format("charts.per.seconds", s);
        }
        if (s < 3600) {
            return m.format("charts.per.minutes", s / 60);
        }
        if (s < 86_400) {
            return m.format("charts.per.hours", s / 3600);
        }
        return m.format("charts.per.days", s / 86_400);
    }
}
