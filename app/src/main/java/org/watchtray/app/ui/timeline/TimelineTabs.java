package org.watchtray.app.ui.timeline;

import java.time.Clock;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** The window content the desktop shows: Timeline, Charts and Sources as tabs. */
public final class TimelineTabs extends TabPane {
    private final TimelineView timeline;
    private final ChartsView charts;
    private final SourcesView sources;

    public TimelineTabs(TimelineViewModel timelineModel, SourcesViewModel sourcesModel, Clock clock) {
        timeline = new TimelineView(timelineModel, clock);
        charts = new ChartsView(timelineModel.charts(), clock);
        sources = new SourcesView(sourcesModel, clock);
        Tab t = new Tab("Timeline", timeline);
        t.setGraphic(Glyphs.icon("mdi2t-table"));
        Tab c = new Tab("Charts", charts);
        c.setGraphic(Glyphs.icon("mdi2c-chart-areaspline"));
        Tab s = new Tab("Sources", sources);
        s.setGraphic(Glyphs.icon("mdi2s-server-network"));
        getTabs().setAll(t, c, s);
        getTabs().forEach(tab -> tab.setClosable(false));
        getStylesheets().add(TimelineTabs.class.getResource("timeline.css").toExternalForm());
    }

    public TimelineView timeline() {
        return timeline;
    }

    public ChartsView charts() {
        return charts;
    }

    public SourcesView sources() {
        return sources;
    }
}
