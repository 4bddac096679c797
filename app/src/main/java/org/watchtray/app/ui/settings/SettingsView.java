package org.watchtray.app.ui.settings;

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
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.app.ui.SteadyCaret;
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
    private final SettingsViewModel model;
    private final Messages m;
    private final EventText words;

    /** English (tests). */
    public SettingsView(SettingsViewModel model) {
        this(model, Messages.english(java.time.ZoneId.systemDefault()));
    }

    /** @param messages the user's language */
    public SettingsView(SettingsViewModel model, Messages messages) {
        this.model = model;
        this.m = messages;
        this.words = new EventText(messages);
        getStyleClass().add("settings");
        // The timeline's sheet carries the shared source and severity colours of the icons.
        getStylesheets().add(org.watchtray.app.ui.timeline.TimelineTabs.class.getResource("timeline.css").toExternalForm());
        getStylesheets().add(SettingsView.class.getResource("settings.css").toExternalForm());
        TabPane tabs = new TabPane(
                tab("alerts", "mdi2b-bell-outline", alerts()),
                tab("monitoring", "mdi2m-monitor-eye", monitoring()),
                tab("general", "mdi2c-cog-outline", general()),
                tab("journal", "mdi2c-console-line", outputs()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("settings-tabs");
        tabs.setAccessibleText(m.text("settings.a11y.pages"));
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

    /** A page; its id ("tab-alerts") stays the same in every language. */
    private Tab tab(String name, String icon, Node content) {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("settings-scroll");
        Tab t = new Tab(m.text("settings.tab." + name), scroll);
        t.setGraphic(Glyphs.icon(icon));
        t.setId("tab-" + name);
        return t;
    }

    // ---- Alerts: which sources, how severe, when quiet

    private Node alerts() {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("source-grid");
        grid.getColumnConstraints().addAll(new ColumnConstraints(), centred(), centred());
        Label toastHead = new Label(m.text("settings.alerts.toasts"));
        Label timelineHead = new Label(m.text("settings.alerts.timeline"));
        toastHead.getStyleClass().add("column-head");
        toastHead.setMinWidth(Region.USE_PREF_SIZE);
        timelineHead.getStyleClass().add("column-head");
        timelineHead.setMinWidth(Region.USE_PREF_SIZE);
        grid.add(toastHead, 1, 0);
        grid.add(timelineHead, 2, 0);
        int row = 1;
        for (SourceId id : SettingsViewModel.USER_SOURCES) {
            SettingsViewModel.SourceSwitches s = model.switches(id);
            Label name = new Label(words.sourceLabel(id), Glyphs.icon(Glyphs.iconOf(id), Glyphs.styleClass(id)));
            name.getStyleClass().add("source-name");
            grid.add(name, 0, row);
            CheckBox toasts = check(null, "toasts-" + id.wireName(), s.toasts(), on -> model.setToasts(id, on));
            toasts.setAccessibleText(m.format("settings.a11y.toasts_for", words.sourceLabel(id)));
            CheckBox timeline = check(null, "timeline-" + id.wireName(), s.timeline(), on -> model.setTimeline(id, on));
            timeline.setAccessibleText(m.format("settings.a11y.timeline_for", words.sourceLabel(id)));
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

        CheckBox quiet = check(m.text("settings.quiet.from"), "quiet-enabled", model.quietHoursEnabled(), model::setQuietHoursEnabled);
        TextField start = field("quiet-start", model.quietStart(), 6);
        start.setAccessibleText(m.text("settings.a11y.quiet_start"));
        TextField end = field("quiet-end", model.quietEnd(), 6);
        end.setAccessibleText(m.text("settings.a11y.quiet_end"));
        start.disableProperty().bind(model.quietHoursEnabled().not());
        end.disableProperty().bind(model.quietHoursEnabled().not());
        HBox quietTimes = new HBox(8, start, new Label(m.text("settings.quiet.to")), end);
        quietTimes.setAlignment(Pos.CENTER_LEFT);

        return new Form()
                .wide(section(m.text("settings.alerts.section"), m.text("settings.alerts.section.hint")))
                .wide(grid)
                .wide(section(m.text("settings.toasts.section"), null))
                .row(m.text("settings.toasts.min_severity"), severity)
                .row(quiet, quietTimes)
                .under(errorOf(model.quietStart()))
                .under(errorOf(model.quietEnd()))
                .under(hint(m.text("settings.quiet.hint")))
                .page();
    }

    // ---- Monitoring: per-source tuning

    private Node monitoring() {
        TextArea mountPoints = area("ignored-mount-points", model.ignoredMountPoints());
        TextField fsTypes = field("ignored-fs-types", model.ignoredFsTypes(), 24);
        return new Form()
                .wide(section(m.text("settings.kerberos.section"), null))
                .row(m.text("settings.kerberos.lead_times"), field("kerberos-lead-times", model.kerberosLeadTimes(), 14))
                .under(errorOf(model.kerberosLeadTimes()))
                .under(hint(m.text("settings.kerberos.lead_times.hint")))
                .row(m.text("settings.kerberos.collections"), field("kerberos-collections", model.kerberosCollections(), 20))
                .under(errorOf(model.kerberosCollections()))
                .under(hint(m.text("settings.kerberos.collections.hint")))
                .wide(check(m.text("settings.kerberos.auto_renew"), "kerberos-auto-renew",
                        model.kerberosAutoRenew(), model::setKerberosAutoRenew))
                .wide(section(m.text("settings.thinpool.section"), null))
                .row(m.text("settings.thinpool.data"), field("data-thresholds", model.dataThresholds(), 14))
                .under(errorOf(model.dataThresholds()))
                .row(m.text("settings.thinpool.metadata"), field("metadata-thresholds", model.metadataThresholds(), 14))
                .under(errorOf(model.metadataThresholds()))
                .wide(section(m.text("settings.mounts.section"), null))
                .row(m.text("settings.mounts.ignore_points"), mountPoints)
                .under(errorOf(model.ignoredMountPoints()))
                .under(hint(m.text("settings.mounts.ignore_points.hint")))
                .row(m.text("settings.mounts.ignore_types"), fsTypes)
                .row(m.text("settings.mounts.burst"), burstRow())
                .under(errorOf(model.mountBurstLimit()))
                .under(errorOf(model.mountBurstWindow()))
                .wide(section(m.text("settings.usb.section"), null))
                .row(m.text("settings.usb.burst"), field("usb-burst-window", model.usbBurstWindow(), 6))
                .under(errorOf(model.usbBurstWindow()))
                .under(hint(m.text("settings.usb.burst.hint")))
                .page();
    }

    private Node burstRow() {
        TextField limit = field("mount-burst-limit", model.mountBurstLimit(), 3);
        limit.setAccessibleText(m.text("settings.a11y.burst_limit"));
        TextField window = field("mount-burst-window", model.mountBurstWindow(), 5);
        window.setAccessibleText(m.text("settings.a11y.burst_window"));
        Label changes = new Label(m.text("settings.mounts.burst.changes"));
        Label apart = new Label(m.text("settings.mounts.burst.apart"));
        changes.setMinWidth(Region.USE_PREF_SIZE);
        apart.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, limit, changes, window, apart);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    // ---- General: history and start-up

    private Node general() {
        return new Form()
                .wide(section(m.text("settings.history.section"), null))
                .row(m.text("settings.history.max_age"), field("history-max-age", model.historyMaxAge(), 6))
                .under(errorOf(model.historyMaxAge()))
                .row(m.text("settings.history.max_events"), field("history-max-events", model.historyMaxEvents(), 8))
                .under(errorOf(model.historyMaxEvents()))
                .row(m.text("settings.history.max_megabytes"), field("history-max-megabytes", model.historyMaxMegabytes(), 8))
                .under(errorOf(model.historyMaxMegabytes()))
                .under(hint(m.format("settings.history.hint", m.count(100_000))))
                .wide(section(m.text("settings.appearance.section"), null))
                .row(m.text("settings.appearance.colours"), choice("color-scheme", Settings.ColorScheme.values(), this::schemeLabel,
                        model.colorScheme(), model::setColorScheme))
                .under(hint(m.format("settings.appearance.colours.hint", schemeLabel(Settings.ColorScheme.SYSTEM))))
                .row(m.text("settings.appearance.tray_icon"), choice("tray-icon", Settings.TrayIcon.values(), this::trayIconLabel,
                        model.trayIcon(), model::setTrayIcon))
                .under(hint(m.text("settings.appearance.tray_icon.hint")))
                .wide(section(m.text("settings.startup.section"), null))
                .wide(check(m.text("settings.startup.autostart"), "autostart", model.autostart(), model::setAutostart))
                .wide(hint(m.text("settings.startup.autostart.hint")))
                .page();
    }

    // ---- Journal & hooks: what leaves watchtray

    private Node outputs() {
        VBox hookList = new VBox(10);
        hookList.setId("hooks");
        Runnable fill = () -> {
            hookList.getChildren().clear();
            if (model.hooks().isEmpty()) {
                hookList.getChildren().add(hint(m.text("settings.hooks.none")));
            }
            model.hooks().forEach(h -> hookList.getChildren().add(hookBox(h)));
        };
        fill.run();
        model.hooks().addListener((javafx.collections.ListChangeListener<SettingsViewModel.HookRow>) c -> fill.run());
        return new Form()
                .wide(section(m.text("settings.journal.section"), null))
                .wide(check(m.text("settings.journal.enabled"), "journal-enabled", model.journalEnabled(), model::setJournalEnabled))
                .wide(hint(m.text("settings.journal.hint")))
                .wide(section(m.text("settings.hooks.section"), m.text("settings.hooks.section.hint")))
                .wide(hookList)
                .wide(hint(m.text("settings.hooks.hint")))
                .page();
    }

    private Node hookBox(SettingsViewModel.HookRow h) {
        Label name = new Label(h.enabled() ? h.name() : m.format("settings.hook.off", h.name()), Glyphs.icon("mdi2c-console-line"));
        name.getStyleClass().add("hook-name");
        Label command = new Label(h.command());
        command.getStyleClass().addAll("hook-command", "data");
        command.setWrapText(true);
        VBox box = new VBox(2, name, command, hint(m.format("settings.hook.when", h.matches(), h.limits())));
        box.getStyleClass().add("hook");
        box.setId("hook-" + h.name());
        if (!h.problem().isEmpty()) {
            Label problem = new Label(m.format("settings.hook.problem", h.problem()), Glyphs.icon("mdi2a-alert-circle-outline"));
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
    String schemeLabel(Settings.ColorScheme c) {
        return m.text(switch (c) {
            case SYSTEM -> "settings.appearance.colours.system";
            case LIGHT -> "settings.appearance.colours.light";
            case DARK -> "settings.appearance.colours.dark";
        });
    }

    String trayIconLabel(Settings.TrayIcon t) {
        return m.text(switch (t) {
            case COLOR -> "settings.appearance.tray_icon.color";
            case SYMBOLIC -> "settings.appearance.tray_icon.symbolic";
        });
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

    /** A column of check boxes under a head: at least 90 px, wider when the head needs it. */
    private static ColumnConstraints centred() {
        ColumnConstraints c = new ColumnConstraints();
        c.setMinWidth(90);
        c.setPrefWidth(Region.USE_COMPUTED_SIZE);
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
        TextField f = SteadyCaret.textField();
        f.setPrefColumnCount(columns);
        bindText(f, id, setting);
        f.setOnAction(e -> commit(f, setting));
        return f;
    }

    private static TextArea area(String id, SettingsViewModel.TextSetting setting) {
        TextArea a = SteadyCaret.textArea("");
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

    private final class SeverityCell extends ListCell<Severity> {
        @Override
        protected void updateItem(Severity s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setText(null);
                setGraphic(null);
            } else {
                setText(words.severity(s));
                setGraphic(Glyphs.icon(Glyphs.iconOf(s), Glyphs.styleClass(s)));
            }
        }
    }
}
