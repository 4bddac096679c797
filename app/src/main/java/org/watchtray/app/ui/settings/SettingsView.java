package org.watchtray.app.ui.settings;

import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.watchtray.app.ui.timeline.Glyphs;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Settings;

/**
 * The settings dialog's content. It only binds to {@link SettingsViewModel}: checkboxes and
 * choices call a command when the user changes them; text fields commit on Enter or when they
 * lose focus, and show the model's error under the field when the text was refused.
 */
public final class SettingsView extends BorderPane {
    // Names a screen reader announces for controls without visible text (plain English, for the bundle).
    static final String A11Y_PAGES = "Settings pages";
    static final String A11Y_TOASTS_FOR = "Toasts for %s";
    static final String A11Y_TIMELINE_FOR = "Timeline for %s";
    static final String A11Y_BURST_LIMIT = "Mount changes shown one by one before a summary";
    static final String A11Y_BURST_WINDOW = "Mount changes closer than this form a burst";
    static final String A11Y_QUIET_START = "Quiet hours start";
    static final String A11Y_QUIET_END = "Quiet hours end";

    private final SettingsViewModel model;

    public SettingsView(SettingsViewModel model) {
        this.model = model;
        getStyleClass().add("settings");
        // The timeline's sheet carries the shared source and severity colours of the icons.
        getStylesheets().add(org.watchtray.app.ui.timeline.TimelineTabs.class.getResource("timeline.css").toExternalForm());
        getStylesheets().add(SettingsView.class.getResource("settings.css").toExternalForm());
        TabPane tabs = new TabPane(
                tab("Alerts", "mdi2b-bell-outline", alerts()),
                tab("Monitoring", "mdi2m-monitor-eye", monitoring()),
                tab("General", "mdi2c-cog-outline", general()),
                tab("Journal & hooks", "mdi2c-console-line", outputs()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("settings-tabs");
        tabs.setAccessibleText(A11Y_PAGES);
        setCenter(tabs);
        Label status = new Label();
        status.setId("settings-status");
        status.getStyleClass().add("status");
        status.textProperty().bind(model.status());
        status.setWrapText(true);
        status.setGraphic(Glyphs.icon("mdi2c-content-save-outline"));
        HBox footer = new HBox(status);
        footer.getStyleClass().add("footer");
        setBottom(footer);
    }

    private static Tab tab(String title, String icon, Node content) {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("settings-scroll");
        Tab t = new Tab(title, scroll);
        t.setGraphic(Glyphs.icon(icon));
        t.setId("tab-" + title.toLowerCase(Locale.ROOT));
        return t;
    }

    // ---- Alerts: which sources, how severe, when quiet

    private Node alerts() {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("source-grid");
        grid.getColumnConstraints().addAll(new ColumnConstraints(), centred(), centred());
        Label toastHead = new Label("Toasts");
        Label timelineHead = new Label("Timeline");
        toastHead.getStyleClass().add("column-head");
        timelineHead.getStyleClass().add("column-head");
        grid.add(toastHead, 1, 0);
        grid.add(timelineHead, 2, 0);
        int row = 1;
        for (SourceId id : SettingsViewModel.USER_SOURCES) {
            SettingsViewModel.SourceSwitches s = model.switches(id);
            Label name = new Label(Glyphs.label(id), Glyphs.icon(Glyphs.iconOf(id), Glyphs.styleClass(id)));
            name.getStyleClass().add("source-name");
            grid.add(name, 0, row);
            CheckBox toasts = check(null, "toasts-" + id.wireName(), s.toasts(), on -> model.setToasts(id, on));
            toasts.setAccessibleText(A11Y_TOASTS_FOR.formatted(Glyphs.label(id)));
            CheckBox timeline = check(null, "timeline-" + id.wireName(), s.timeline(), on -> model.setTimeline(id, on));
            timeline.setAccessibleText(A11Y_TIMELINE_FOR.formatted(Glyphs.label(id)));
            grid.add(toasts, 1, row);
            grid.add(timeline, 2, row);
            row++;
        }

        ComboBox<Severity> severity = new ComboBox<>();
        severity.setId("min-severity");
        severity.getItems().setAll(Severity.values());
        severity.setCellFactory(l -> new SeverityCell());
        severity.setButtonCell(new SeverityCell());
        severity.setValue(model.minToastSeverity().get());
        model.minToastSeverity().addListener((o, was, now) -> severity.setValue(now));
        severity.valueProperty().addListener((o, was, now) -> {
            if (now != null && now != model.minToastSeverity().get()) {
                model.setMinToastSeverity(now);
            }
        });

        CheckBox quiet = check("Quiet hours from", "quiet-enabled", model.quietHoursEnabled(), model::setQuietHoursEnabled);
        TextField start = field("quiet-start", model.quietStart(), 6);
        start.setAccessibleText(A11Y_QUIET_START);
        TextField end = field("quiet-end", model.quietEnd(), 6);
        end.setAccessibleText(A11Y_QUIET_END);
        start.disableProperty().bind(model.quietHoursEnabled().not());
        end.disableProperty().bind(model.quietHoursEnabled().not());
        HBox quietTimes = new HBox(8, start, new Label("to"), end);
        quietTimes.setAlignment(Pos.CENTER_LEFT);

        return new Form()
                .wide(section("What to tell you about", "Toasts pop up on the desktop; the timeline keeps everything you leave on."))
                .wide(grid)
                .wide(section("Toasts", null))
                .row("Show toasts for events at least", severity)
                .row(quiet, quietTimes)
                .under(errorOf(model.quietStart()))
                .under(errorOf(model.quietEnd()))
                .under(hint("During quiet hours and do-not-disturb only critical alerts pop up. Nothing is lost: the timeline has it all."))
                .page();
    }

    // ---- Monitoring: per-source tuning

    private Node monitoring() {
        TextArea mountPoints = area("ignored-mount-points", model.ignoredMountPoints());
        TextField fsTypes = field("ignored-fs-types", model.ignoredFsTypes(), 24);
        return new Form()
                .wide(section("Kerberos", null))
                .row("Warn before a ticket expires", field("kerberos-lead-times", model.kerberosLeadTimes(), 14))
                .under(errorOf(model.kerberosLeadTimes()))
                .under(hint("Durations such as 90s, 15m or 1h30m, separated by commas. The last warning is critical."))
                .row("Also read cache collections", field("kerberos-collections", model.kerberosCollections(), 20))
                .under(errorOf(model.kerberosCollections()))
                .under(hint("Besides the default cache, e.g. KCM: or KEYRING:persistent:1000, separated by spaces."))
                .wide(check("Renew renewable tickets automatically at half their lifetime", "kerberos-auto-renew",
                        model.kerberosAutoRenew(), model::setKerberosAutoRenew))
                .wide(section("Thin pools", null))
                .row("Warn when data use passes (%)", field("data-thresholds", model.dataThresholds(), 14))
                .under(errorOf(model.dataThresholds()))
                .row("Warn when metadata use passes (%)", field("metadata-thresholds", model.metadataThresholds(), 14))
                .under(errorOf(model.metadataThresholds()))
                .wide(section("Mounts", null))
                .row("Ignore mount points", mountPoints)
                .under(errorOf(model.ignoredMountPoints()))
                .under(hint("One pattern per line; * matches within a path segment, ** across segments."))
                .row("Ignore filesystem types", fsTypes)
                .row("Summarise bursts after", burstRow())
                .under(errorOf(model.mountBurstLimit()))
                .under(errorOf(model.mountBurstWindow()))
                .wide(section("USB", null))
                .row("Merge repeated USB events within", field("usb-burst-window", model.usbBurstWindow(), 6))
                .under(errorOf(model.usbBurstWindow()))
                .under(hint("Docking a laptop then gives one \u201c12 USB devices connected\u201d instead of twelve."))
                .page();
    }

    private HBox burstRow() {
        TextField limit = field("mount-burst-limit", model.mountBurstLimit(), 3);
        limit.setAccessibleText(A11Y_BURST_LIMIT);
        TextField window = field("mount-burst-window", model.mountBurstWindow(), 5);
        window.setAccessibleText(A11Y_BURST_WINDOW);
        HBox row = new HBox(8, limit, new Label("changes less than"), window, new Label("apart"));
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    // ---- General: history and start-up

    private Node general() {
        return new Form()
                .wide(section("History", null))
                .row("Keep events for", field("history-max-age", model.historyMaxAge(), 6))
                .under(errorOf(model.historyMaxAge()))
                .row("Keep at most", field("history-max-events", model.historyMaxEvents(), 8))
                .under(errorOf(model.historyMaxEvents()))
                .under(hint("The oldest events go first. The timeline window keeps up to 100,000 in memory."))
                .wide(section("Appearance", null))
                .row("Colours", choice("color-scheme", Settings.ColorScheme.values(), SettingsView::schemeLabel,
                        model.colorScheme(), model::setColorScheme))
                .under(hint("\u201cLike the desktop\u201d follows the light or dark style your desktop asks for, and changes with it."))
                .row("Tray icon", choice("tray-icon", Settings.TrayIcon.values(), SettingsView::trayIconLabel,
                        model.trayIcon(), model::setTrayIcon))
                .under(hint("The symbolic icon is drawn in one colour, dark on a light panel and light on a dark one."))
                .wide(section("Start-up", null))
                .wide(check("Start watchtray when I log in", "autostart", model.autostart(), model::setAutostart))
                .wide(hint("Adds watchtray to your desktop's autostart folder (~/.config/autostart)."))
                .page();
    }

    // ---- Journal & hooks: what leaves watchtray

    private Node outputs() {
        VBox hookList = new VBox(10);
        hookList.setId("hooks");
        Runnable fill = () -> {
            hookList.getChildren().clear();
            if (model.hooks().isEmpty()) {
                hookList.getChildren().add(hint("No hooks are set up."));
            }
            model.hooks().forEach(h -> hookList.getChildren().add(hookBox(h)));
        };
        fill.run();
        model.hooks().addListener((javafx.collections.ListChangeListener<SettingsViewModel.HookRow>) c -> fill.run());
        return new Form()
                .wide(section("Journal", null))
                .wide(check("Write my events to the systemd journal", "journal-enabled", model.journalEnabled(), model::setJournalEnabled))
                .wide(hint("Keys, Kerberos and mounts go to your journal (journalctl --user -t watchtray), each with a fixed MESSAGE_ID; "
                        + "thin pools and USB are logged by the watchtray agent in the system journal."))
                .wide(section("Hooks", "Commands run on events, with the event in WATCHTRAY_* variables and as JSON on standard input."))
                .wide(hookList)
                .wide(hint("Hooks are defined in settings.json (yours and /etc/xdg/watchtray/settings.json); see docs/hooks.md."))
                .page();
    }

    private static Node hookBox(SettingsViewModel.HookRow h) {
        Label name = new Label(h.name() + (h.enabled() ? "" : " (turned off)"), Glyphs.icon("mdi2c-console-line"));
        name.getStyleClass().add("hook-name");
        Label command = new Label(h.command());
        command.getStyleClass().add("hook-command");
        command.setWrapText(true);
        VBox box = new VBox(2, name, command, hint("On " + h.matches() + "; " + h.limits() + "."));
        box.getStyleClass().add("hook");
        box.setId("hook-" + h.name());
        if (!h.problem().isEmpty()) {
            Label problem = new Label(h.problem() + ". It is skipped until that is fixed.", Glyphs.icon("mdi2a-alert-circle-outline"));
            problem.getStyleClass().addAll("error", "hook-problem");
            problem.setWrapText(true);
            box.getChildren().add(problem);
        }
        return box;
    }

    /** A drop-down for an enum setting: shows the model's value, and a choice calls the command. */
    private static <T> ComboBox<T> choice(String id, T[] values, java.util.function.Function<T, String> label,
                                          javafx.beans.property.ReadOnlyObjectProperty<T> state, java.util.function.Consumer<T> command) {
        ComboBox<T> box = new ComboBox<>();
        box.setId(id);
        box.getItems().setAll(values);
        box.setCellFactory(l -> new LabelCell<>(label));
        box.setButtonCell(new LabelCell<>(label));
        box.setValue(state.get());
        state.addListener((o, was, now) -> box.setValue(now));
        box.valueProperty().addListener((o, was, now) -> {
            if (now != null && now != state.get()) {
                command.accept(now);
            }
        });
        return box;
    }

    /** The colour-scheme choices as the dialog words them. */
    static String schemeLabel(Settings.ColorScheme c) {
        return switch (c) {
            case SYSTEM -> "Like the desktop";
            case LIGHT -> "Light";
            case DARK -> "Dark";
        };
    }

    static String trayIconLabel(Settings.TrayIcon t) {
        return switch (t) {
            case COLOR -> "In colour";
            case SYMBOLIC -> "Symbolic";
        };
    }

    private static final class LabelCell<T> extends ListCell<T> {
        private final java.util.function.Function<T, String> label;

        LabelCell(java.util.function.Function<T, String> label) {
            this.label = label;
        }

        @Override
        protected void updateItem(T value, boolean empty) {
            super.updateItem(value, empty);
            setText(empty || value == null ? null : label.apply(value));
        }
    }

    /** A two-column form: labels left (never cut), controls right; errors and hints under their control. */
    private static final class Form {
        private final GridPane grid = new GridPane();
        private int row;

        Form() {
            grid.getStyleClass().add("form");
            ColumnConstraints labels = new ColumnConstraints();
            labels.setMinWidth(Region.USE_PREF_SIZE);
            ColumnConstraints controls = new ColumnConstraints();
            controls.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().addAll(labels, controls);
        }

        Form wide(Node n) {
            grid.add(n, 0, row++, 2, 1);
            return this;
        }

        Form row(String label, Node control) {
            Label l = new Label(label);
            l.setLabelFor(control);
            return row(l, control);
        }

        Form row(Node label, Node control) {
            label.getStyleClass().add("form-label");
            boolean tall = control instanceof TextArea;
            GridPane.setValignment(label, tall ? VPos.TOP : VPos.CENTER);
            GridPane.setFillWidth(control, tall || control instanceof TextField f && f.getPrefColumnCount() >= 24);
            grid.add(label, 0, row);
            grid.add(control, 1, row++);
            return this;
        }

        Form under(Node n) {
            grid.add(n, 1, row++);
            return this;
        }

        Node page() {
            grid.setPadding(new Insets(12, 18, 18, 18));
            return grid;
        }
    }

    // ---- building blocks

    private static ColumnConstraints centred() {
        ColumnConstraints c = new ColumnConstraints(90);
        c.setHalignment(HPos.CENTER);
        return c;
    }

    private static Node section(String title, String subtitle) {
        Label l = new Label(title);
        l.getStyleClass().add("section");
        if (subtitle == null) {
            return l;
        }
        return new VBox(2, l, hint(subtitle));
    }

    private static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("hint");
        l.setWrapText(true);
        return l;
    }

    private static CheckBox check(String text, String id, ReadOnlyBooleanProperty state, java.util.function.Consumer<Boolean> command) {
        CheckBox c = new CheckBox(text);
        c.setId(id);
        c.setSelected(state.get());
        state.addListener((o, was, now) -> c.setSelected(now));
        c.selectedProperty().addListener((o, was, now) -> {
            if (now != state.get()) {
                command.accept(now);
            }
        });
        return c;
    }

    private static TextField field(String id, SettingsViewModel.TextSetting setting, int columns) {
        TextField f = new TextField();
        f.setPrefColumnCount(columns);
        bindText(f, id, setting);
        f.setOnAction(e -> commit(f, setting));
        return f;
    }

    private static TextArea area(String id, SettingsViewModel.TextSetting setting) {
        TextArea a = new TextArea();
        a.setPrefRowCount(5);
        a.setPrefColumnCount(40);
        bindText(a, id, setting);
        return a;
    }

    private static void bindText(TextInputControl c, String id, SettingsViewModel.TextSetting setting) {
        c.setId(id);
        c.setText(setting.text().get());
        setting.text().addListener((o, was, now) -> {
            if (!c.isFocused()) {
                c.setText(now);
            }
        });
        c.focusedProperty().addListener((o, was, focused) -> {
            if (!focused) {
                commit(c, setting);
            }
        });
        setting.error().addListener((o, was, now) -> c.pseudoClassStateChanged(INVALID, !now.isEmpty()));
    }

    private static final javafx.css.PseudoClass INVALID = javafx.css.PseudoClass.getPseudoClass("invalid");

    private static void commit(TextInputControl c, SettingsViewModel.TextSetting setting) {
        if (c.getText().equals(setting.text().get())) {
            return;
        }
        if (setting.commit(c.getText())) {
            c.setText(setting.text().get());
        }
    }

    private static Label errorOf(SettingsViewModel.TextSetting setting) {
        Label l = new Label();
        l.getStyleClass().add("error");
        l.setWrapText(true);
        l.textProperty().bind(setting.error());
        l.visibleProperty().bind(setting.error().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        l.setGraphic(Glyphs.icon("mdi2a-alert-circle-outline"));
        return l;
    }

    private static final class SeverityCell extends ListCell<Severity> {
        @Override
        protected void updateItem(Severity s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setText(null);
                setGraphic(null);
            } else {
                String n = s.wireName();
                setText(Character.toUpperCase(n.charAt(0)) + n.substring(1));
                setGraphic(Glyphs.icon(Glyphs.iconOf(s), Glyphs.styleClass(s)));
            }
        }
    }
}
