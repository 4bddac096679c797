package org.watchtray.app.ui.timeline;

import java.time.Clock;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** The window content the desktop shows: Timeline, Charts and Sources as tabs. */
public final class TimelineTabs extends TabPane {
    /** What a screen reader calls the tab strip (plain English, for the bundle). */
    static final String A11Y_NAME = "Timeline, charts and sources";
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
        setAccessibleText(A11Y_NAME);
        getStylesheets().add(TimelineTabs.class.getResource("timeline.css").toExternalForm());
        // The charts are rebuilt for the present when they come into view: the tab chosen, or the window shown on it.
        ChartsViewModel chartsModel = timelineModel.charts();
        Runnable follow = () -> chartsModel.showing(c.isSelected() && getScene() != null && getScene().getWindow() != null
                && getScene().getWindow().isShowing());
        c.selectedProperty().addListener((o, was, now) -> follow.run());
        sceneProperty().flatMap(javafx.scene.Scene::windowProperty).flatMap(javafx.stage.Window::showingProperty)
                .addListener((o, was, now) -> follow.run());
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
