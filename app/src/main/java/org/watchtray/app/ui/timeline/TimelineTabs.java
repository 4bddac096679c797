package org.watchtray.app.ui.timeline;

import java.time.Clock;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.core.time.SystemZone;

/** The window content the desktop shows: Timeline, Charts and Sources as tabs. */
public final class TimelineTabs extends TabPane {
    private final TimelineView timeline;
    private final TimelineViewModel timelineModel;
    private final Clock clock;
    private final EventText words;
    private final Tab chartsTab;
    /** Made when the charts are first chosen: its chart classes and their CSS would double the window's first frame. */
    private ChartsView charts;
    private final SourcesView sources;

    /** English tabs (tests). */
    public TimelineTabs(TimelineViewModel timelineModel, SourcesViewModel sourcesModel, Clock clock) {
        this(timelineModel, sourcesModel, clock, new EventText(Messages.english(clock.getZone())));
    }

    /** @param words the user's language */
    public TimelineTabs(TimelineViewModel timelineModel, SourcesViewModel sourcesModel, Clock clock, EventText words) {
        this(timelineModel, sourcesModel, clock, words, SystemZone.fixed(clock.getZone()));
    }

    /** @param zone the system's zone: the timeline redraws its times when it changes */
    public TimelineTabs(TimelineViewModel timelineModel, SourcesViewModel sourcesModel, Clock clock, EventText words, SystemZone zone) {
        Messages m = words.messages();
        this.timelineModel = timelineModel;
        this.clock = clock;
        this.words = words;
        timeline = new TimelineView(timelineModel, clock, words, zone);
        org.watchtray.app.ui.WindowTrace.mark("timeline-view");
        sources = new SourcesView(sourcesModel, words);
        org.watchtray.app.ui.WindowTrace.mark("sources-view");
        Tab t = new Tab(m.text("tab.timeline"), timeline);
        t.setGraphic(Glyphs.icon("mdi2t-table"));
        Tab c = new Tab(m.text("tab.charts"));
        chartsTab = c;
        c.setGraphic(Glyphs.icon("mdi2c-chart-areaspline"));
        // The sources' table joins the window when its tab is first chosen: not styled and laid out for the first frame.
        Tab s = new Tab(m.text("tab.sources"));
        s.selectedProperty().addListener((o, was, now) -> {
            if (now && s.getContent() == null) {
                s.setContent(sources);
            }
        });
        s.setGraphic(Glyphs.icon("mdi2s-server-network"));
        getTabs().setAll(t, c, s);
        getTabs().forEach(tab -> tab.setClosable(false));
        setAccessibleText(m.text("tab.a11y"));
        getStylesheets().add(TimelineTabs.class.getResource("timeline.css").toExternalForm());
        // The charts are rebuilt for the present when they come into view: the tab chosen, or the window shown on it.
        ChartsViewModel chartsModel = timelineModel.charts();
        Runnable follow = () -> chartsModel.showing(c.isSelected() && getScene() != null && getScene().getWindow() != null
                && getScene().getWindow().isShowing());
        c.selectedProperty().addListener((o, was, now) -> {
            if (now) {
                charts();
            }
            follow.run();
        });
        sceneProperty().flatMap(javafx.scene.Scene::windowProperty).flatMap(javafx.stage.Window::showingProperty)
                .addListener((o, was, now) -> follow.run());
    }

    public TimelineView timeline() {
        return timeline;
    }

    public ChartsView charts() {
        if (charts == null) {
            charts = new ChartsView(timelineModel.charts(), clock, words);
            chartsTab.setContent(charts);
        }
        return charts;
    }

    public SourcesView sources() {
        return sources;
    }
}
