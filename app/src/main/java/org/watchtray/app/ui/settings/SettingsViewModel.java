package org.watchtray.app.ui.settings;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.watchtray.app.text.Messages;
import org.watchtray.core.settings.DurationText;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.app.settings.SettingsProblem;
import org.watchtray.app.settings.LiveSettings;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.hooks.HookCheck;
import org.watchtray.core.hooks.HookSpec;
import org.watchtray.core.settings.Settings;

/**
 * The settings dialog's state and commands. Every property is read-only to the view; a change
 * goes through a command, is checked, and if valid is applied live and saved at once through
 * {@link LiveSettings} (there is no OK button to forget). Text that does not parse leaves
 * the setting as it was and sets that field's error text. Changes made elsewhere (a toast's
 * "Mute" button) show up here too. Use on the FX thread.
 */
public final class SettingsViewModel {
    /** The sources a user can switch; watchtray's own reports always reach the timeline. */
    public static final List<SourceId> USER_SOURCES = List.of(SourceId.KEYS, SourceId.KERBEROS, SourceId.MOUNTS,
            SourceId.THINPOOL, SourceId.USB);
    /** The status line's key while everything is saved. */
    static final String SAVED = "settings.status.saved";
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final Duration MAX_BURST = Duration.ofMinutes(1);

    /** One source's two switches. */
    public static final class SourceSwitches {
        private final SourceId source;
        private final ReadOnlyBooleanWrapper toasts = new ReadOnlyBooleanWrapper();
        private final ReadOnlyBooleanWrapper timeline = new ReadOnlyBooleanWrapper();

        SourceSwitches(SourceId source) {
            this.source = source;
        }

        public SourceId source() {
            return source;
        }

        public ReadOnlyBooleanProperty toasts() {
            return toasts.getReadOnlyProperty();
        }

        public ReadOnlyBooleanProperty timeline() {
            return timeline.getReadOnlyProperty();
        }
    }

    /** A setting edited as text: what it holds now, and why the last input was refused (empty when it was not). */
    public final class TextSetting {
        private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper();
        private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
        private final Function<Settings, String> format;
        private final BiFunction<Settings, String, Settings> parse;

        TextSetting(Function<Settings, String> format, BiFunction<Settings, String, Settings> parse) {
            this.format = format;
            this.parse = parse;
        }

        public ReadOnlyStringProperty text() {
            return text.getReadOnlyProperty();
        }

        public ReadOnlyStringProperty error() {
            return error.getReadOnlyProperty();
        }

        /** Applies {@code input}; false (and {@link #error()} says why) when it is not valid. */
        public boolean commit(String input) {
            Settings next;
            try {
                next = parse.apply(service.current(), input == null ? "" : input);
            } catch (Refused e) {
                error.set(m.format(e.key, e.args));
                return false;
            } catch (IllegalArgumentException e) {
                error.set(e.getMessage());
                return false;
            }
            error.set("");
            update(s -> next);
            text.set(format.apply(service.current()));
            return true;
        }

        void refresh(Settings s) {
            text.set(format.apply(s));
        }
    }

    /**
     * One hook as the dialog shows it: what it runs, on what, within which limits, and why it
     * cannot run when it cannot (empty otherwise).
     */
    /**
     * A hook as the dialog lists it, in the user's words; event and source names stay the machine
     * names the settings file uses. {@code problem} is HookCheck's (English) reason, empty when none.
     */
    public record HookRow(String name, String command, String matches, String limits, boolean enabled, String problem) {
        static HookRow of(HookSpec h, Messages m) {
            String events = String.join(", ", h.events());
            String matches = h.sources().isEmpty() ? events : m.format("settings.hook.from", events,
                    String.join(", ", h.sources().stream().sorted().map(SourceId::wireName).toList()));
            if (h.minSeverity() != Severity.INFO) {
                matches = m.format("settings.hook.severity", matches, m.text("severity." + h.minSeverity().wireName()));
            }
            return new HookRow(h.name(), String.join(" ", h.command()), matches,
                    m.format("settings.hook.limits", h.maxRuns(), DurationText.format(h.per()), h.maxConcurrent(),
                            DurationText.format(h.timeout())),
                    h.enabled(), HookCheck.problem(h).orElse(""));
        }
    }

    /** Input the dialog refuses, and why: a bundle key and its arguments. */
    static final class Refused extends IllegalArgumentException {
        private final String key;
        private final transient Object[] args;

        Refused(String key, Object... args) {
            super(key);
            this.key = key;
            this.args = args;
        }
    }

    private final LiveSettings service;
    private final Messages m;
    private final Map<SourceId, SourceSwitches> switches = new EnumMap<>(SourceId.class);
    private final ReadOnlyBooleanWrapper journalEnabled = new ReadOnlyBooleanWrapper();
    private final ObservableList<HookRow> hooks = FXCollections.observableArrayList();
    private final ObservableList<HookRow> hooksView = FXCollections.unmodifiableObservableList(hooks);
    private final ReadOnlyObjectWrapper<Severity> minToastSeverity = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper kerberosAutoRenew = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper quietHoursEnabled = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper autostart = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Settings.ColorScheme> colorScheme = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Settings.TrayIcon> trayIcon = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();
    private final List<TextSetting> texts = new ArrayList<>();
    private final TextSetting kerberosLeadTimes;
    private final TextSetting kerberosCollections;
    private final TextSetting dataThresholds;
    private final TextSetting metadataThresholds;
    private final TextSetting ignoredMountPoints;
    private final TextSetting ignoredFsTypes;
    private final TextSetting mountBurstLimit;
    private final TextSetting mountBurstWindow;
    private final TextSetting usbBurstWindow;
    private final TextSetting quietStart;
    private final TextSetting quietEnd;
    private final TextSetting historyMaxAge;
    private final TextSetting historyMaxEvents;
    private final TextSetting historyMaxMegabytes;
    /** The largest {@code history.max_megabytes} settings.json takes (SettingsJson). */
    private static final int MAX_MEGABYTES = 1_048_576;
    private final AutoCloseable subscription;

    /** @param fxThread runs work on the FX thread ({@code Platform::runLater}); changes from other threads arrive through it */
    public SettingsViewModel(LiveSettings service, Consumer<Runnable> fxThread) {
        this(service, fxThread, Messages.english(java.time.ZoneId.systemDefault()));
    }

    /** @param messages the user's language, for the status line, refusals and the hook list */
    public SettingsViewModel(LiveSettings service, Consumer<Runnable> fxThread, Messages messages) {
        this.service = Objects.requireNonNull(service);
        this.m = Objects.requireNonNull(messages);
        status.set(m.text(SAVED));
        USER_SOURCES.forEach(id -> switches.put(id, new SourceSwitches(id)));
        kerberosLeadTimes = text(s -> durations(s.kerberos().leadTimes()), (s, t) -> SettingsBuilder.from(s)
                .kerberos(new Settings.Kerberos(parseDurations(t), s.kerberos().autoRenew(),
                        s.kerberos().extraCollections())).build());
        kerberosCollections = text(s -> String.join(" ", s.kerberos().extraCollections()), (s, t) -> SettingsBuilder.from(s)
                .kerberos(new Settings.Kerberos(s.kerberos().leadTimes(), s.kerberos().autoRenew(), words(t))).build());
        dataThresholds = text(s -> numbers(s.thinPool().dataThresholds()), (s, t) -> SettingsBuilder.from(s)
                .thinPool(new Settings.ThinPool(parsePercentages(t), s.thinPool().metadataThresholds())).build());
        metadataThresholds = text(s -> numbers(s.thinPool().metadataThresholds()), (s, t) -> SettingsBuilder.from(s)
                .thinPool(new Settings.ThinPool(s.thinPool().dataThresholds(), parsePercentages(t))).build());
        ignoredMountPoints = text(s -> String.join("\n", s.mounts().ignoreMountPoints()), (s, t) -> SettingsBuilder.from(s)
                .mounts(new Settings.Mounts(lines(t), s.mounts().ignoreFsTypes(), s.mounts().burstLimit(), s.mounts().burstWindow())).build());
        ignoredFsTypes = text(s -> String.join(" ", s.mounts().ignoreFsTypes()), (s, t) -> SettingsBuilder.from(s)
                .mounts(new Settings.Mounts(s.mounts().ignoreMountPoints(), words(t), s.mounts().burstLimit(), s.mounts().burstWindow())).build());
        mountBurstLimit = text(s -> Integer.toString(s.mounts().burstLimit()), (s, t) -> SettingsBuilder.from(s)
                .mounts(new Settings.Mounts(s.mounts().ignoreMountPoints(), s.mounts().ignoreFsTypes(), parseLimit(t), s.mounts().burstWindow())).build());
        mountBurstWindow = text(s -> DurationText.format(s.mounts().burstWindow()), (s, t) -> SettingsBuilder.from(s)
                .mounts(new Settings.Mounts(s.mounts().ignoreMountPoints(), s.mounts().ignoreFsTypes(), s.mounts().burstLimit(),
                        parseBurst(parsePositive(t)))).build());
        usbBurstWindow = text(s -> DurationText.format(s.usb().burstWindow()), (s, t) -> SettingsBuilder.from(s)
                .usb(new Settings.Usb(parseBurst(t))).build());
        quietStart = text(s -> HH_MM.format(s.quietHours().start()), (s, t) -> SettingsBuilder.from(s)
                .quietHours(new Settings.QuietHours(s.quietHours().enabled(), parseTime(t), s.quietHours().end())).build());
        quietEnd = text(s -> HH_MM.format(s.quietHours().end()), (s, t) -> SettingsBuilder.from(s)
                .quietHours(new Settings.QuietHours(s.quietHours().enabled(), s.quietHours().start(), parseTime(t))).build());
        historyMaxAge = text(s -> DurationText.format(s.history().maxAge()), (s, t) -> SettingsBuilder.from(s)
                .history(new Settings.History(parsePositive(t), s.history().maxEvents(), s.history().maxMegabytes())).build());
        historyMaxEvents = text(s -> Integer.toString(s.history().maxEvents()), (s, t) -> SettingsBuilder.from(s)
                .history(new Settings.History(s.history().maxAge(), parseCount(t), s.history().maxMegabytes())).build());
        historyMaxMegabytes = text(s -> Integer.toString(s.history().maxMegabytes()), (s, t) -> SettingsBuilder.from(s)
                .history(new Settings.History(s.history().maxAge(), s.history().maxEvents(), parseMegabytes(t))).build());
        refresh(service.current());
        subscription = service.listen(s -> fxThread.accept(() -> refresh(s)));
    }

    private TextSetting text(Function<Settings, String> format, BiFunction<Settings, String, Settings> parse) {
        TextSetting t = new TextSetting(format, parse);
        texts.add(t);
        return t;
    }

    // ---- read-only state

    public SourceSwitches switches(SourceId id) {
        return switches.get(id);
    }

    public ReadOnlyObjectProperty<Severity> minToastSeverity() {
        return minToastSeverity.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty kerberosAutoRenew() {
        return kerberosAutoRenew.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty quietHoursEnabled() {
        return quietHoursEnabled.getReadOnlyProperty();
    }

    /** Follow the desktop's colour scheme, or always light or dark. */
    public ReadOnlyObjectProperty<Settings.ColorScheme> colorScheme() {
        return colorScheme.getReadOnlyProperty();
    }

    /** The tray icon in colour or symbolic. */
    public ReadOnlyObjectProperty<Settings.TrayIcon> trayIcon() {
        return trayIcon.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty autostart() {
        return autostart.getReadOnlyProperty();
    }

    /** Whether this user's events also go to the systemd journal. */
    public ReadOnlyBooleanProperty journalEnabled() {
        return journalEnabled.getReadOnlyProperty();
    }

    /** The hooks of the user's and the administrator's settings, read-only (they are edited in settings.json). */
    public ObservableList<HookRow> hooks() {
        return hooksView;
    }

    /** One line under the form: that changes are saved, or why they are not. */
    public ReadOnlyStringProperty status() {
        return status.getReadOnlyProperty();
    }

    public TextSetting kerberosLeadTimes() {
        return kerberosLeadTimes;
    }

    /** Credential-cache collections read besides the default one ("KCM:", "KEYRING:persistent:1000"). */
    public TextSetting kerberosCollections() {
        return kerberosCollections;
    }

    public TextSetting dataThresholds() {
        return dataThresholds;
    }

    public TextSetting metadataThresholds() {
        return metadataThresholds;
    }

    public TextSetting ignoredMountPoints() {
        return ignoredMountPoints;
    }

    public TextSetting ignoredFsTypes() {
        return ignoredFsTypes;
    }

    /** How many changes of a mount burst are shown one by one before the rest become one summary. */
    public TextSetting mountBurstLimit() {
        return mountBurstLimit;
    }

    /** How close together mount changes must be to count as one burst. */
    public TextSetting mountBurstWindow() {
        return mountBurstWindow;
    }

    public TextSetting usbBurstWindow() {
        return usbBurstWindow;
    }

    public TextSetting quietStart() {
        return quietStart;
    }

    public TextSetting quietEnd() {
        return quietEnd;
    }

    public TextSetting historyMaxAge() {
        return historyMaxAge;
    }

    public TextSetting historyMaxEvents() {
        return historyMaxEvents;
    }

    public TextSetting historyMaxMegabytes() {
        return historyMaxMegabytes;
    }

    // ---- commands

    public void setToasts(SourceId id, boolean on) {
        update(s -> SettingsBuilder.from(s).toasts(id, on).build());
    }

    public void setTimeline(SourceId id, boolean on) {
        update(s -> SettingsBuilder.from(s).timeline(id, on).build());
    }

    public void setMinToastSeverity(Severity severity) {
        update(s -> SettingsBuilder.from(s).minToastSeverity(Objects.requireNonNull(severity)).build());
    }

    public void setKerberosAutoRenew(boolean on) {
        update(s -> SettingsBuilder.from(s)
                .kerberos(new Settings.Kerberos(s.kerberos().leadTimes(), on, s.kerberos().extraCollections())).build());
    }

    public void setQuietHoursEnabled(boolean on) {
        update(s -> SettingsBuilder.from(s)
                .quietHours(new Settings.QuietHours(on, s.quietHours().start(), s.quietHours().end())).build());
    }

    public void setColorScheme(Settings.ColorScheme scheme) {
        update(s -> SettingsBuilder.from(s).appearance(s.appearance().withColorScheme(Objects.requireNonNull(scheme))).build());
    }

    public void setTrayIcon(Settings.TrayIcon style) {
        update(s -> SettingsBuilder.from(s).appearance(s.appearance().withTrayIcon(Objects.requireNonNull(style))).build());
    }

    public void setAutostart(boolean on) {
        update(s -> SettingsBuilder.from(s).autostart(on).build());
    }

    public void setJournalEnabled(boolean on) {
        update(s -> SettingsBuilder.from(s).journal(new Settings.Journal(on)).build());
    }

    /** A problem with saving, from the store; shown until a later save works. */
    public void showProblem(SettingsProblem problem) {
        status.set(problem.message(m));
    }

    /** Stops following the service (the dialog is gone for good). */
    public void dispose() throws Exception {
        subscription.close();
    }

    private void update(UnaryOperator<Settings> change) {
        service.update(change);
        if (service.saved()) {
            status.set(m.text(SAVED));
        }
        refresh(service.current());
    }

    private void refresh(Settings s) {
        switches.values().forEach(w -> {
            w.toasts.set(s.rules(w.source).toasts());
            w.timeline.set(s.rules(w.source).timeline());
        });
        minToastSeverity.set(s.minToastSeverity());
        kerberosAutoRenew.set(s.kerberos().autoRenew());
        quietHoursEnabled.set(s.quietHours().enabled());
        autostart.set(s.autostart());
        journalEnabled.set(s.journal().enabled());
        List<HookRow> rows = s.hooks().stream().map(h -> HookRow.of(h, m)).toList();
        if (!rows.equals(hooks)) {
            hooks.setAll(rows);
        }
        colorScheme.set(s.appearance().colorScheme());
        trayIcon.set(s.appearance().trayIcon());
        texts.forEach(t -> t.refresh(s));
    }

    // ---- parsing what people type

    static String durations(List<Duration> ds) {
        return String.join(", ", ds.stream().map(DurationText::format).toList());
    }

    static String numbers(List<Integer> ns) {
        return String.join(", ", ns.stream().map(String::valueOf).toList());
    }

    static List<String> words(String text) {
        return Arrays.stream(text.strip().split("[,\\s]+")).filter(w -> !w.isEmpty()).distinct().toList();
    }

    static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).distinct().toList();
    }

    static List<Duration> parseDurations(String text) {
        List<String> parts = words(text);
        if (parts.isEmpty()) {
            throw new Refused("settings.error.lead_times.none");
        }
        List<Duration> out = new ArrayList<>();
        for (String p : parts) {
            Duration d = duration(p);
            if (d.isZero()) {
                throw new Refused("settings.error.lead_times.zero");
            }
            out.add(d);
        }
        return out.stream().distinct().toList();
    }

    static List<Integer> parsePercentages(String text) {
        List<Integer> out = new ArrayList<>();
        for (String p : words(text.replace("%", " "))) {
            int n;
            try {
                n = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new Refused("settings.error.percentage.word", p);
            }
            if (n < 1 || n > 100) {
                throw new Refused("settings.error.percentage.range", Integer.toString(n));
            }
            out.add(n);
        }
        if (out.isEmpty()) {
            throw new Refused("settings.error.thresholds.none");
        }
        return out.stream().distinct().toList();
    }

    /** A duration as people type it; the core parser's refusal is English, so it is said again in the user's words. */
    static Duration duration(String text) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Refused("settings.error.duration", text.strip());
        }
    }

    static Duration parseBurst(String text) {
        return parseBurst(duration(text));
    }

    static Duration parseBurst(Duration d) {
        if (d.compareTo(MAX_BURST) > 0) {
            throw new Refused("settings.error.burst.long", DurationText.format(MAX_BURST));
        }
        return d;
    }

    static Duration parsePositive(String text) {
        Duration d = duration(text);
        if (d.isZero()) {
            throw new Refused("settings.error.zero");
        }
        return d;
    }

    static LocalTime parseTime(String text) {
        try {
            return LocalTime.parse(text.strip(), DateTimeFormatter.ofPattern("H:mm"));
        } catch (DateTimeParseException e) {
            throw new Refused("settings.error.time", text.strip());
        }
    }

    static int parseLimit(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n < 0 || n > 10_000) {
                throw new Refused("settings.error.limit.range", Integer.toString(n));
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Refused("settings.error.whole_number", text.strip());
        }
    }

    static int parseCount(String text) {
        try {
            int n = Integer.parseInt(text.strip().replace("_", "").replace(",", ""));
            if (n < 1) {
                throw new Refused("settings.error.count.zero");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Refused("settings.error.whole_number", text.strip());
        }
    }

    /** The history file's size limit, in the range settings.json takes (1 MB to 1 TB). */
    static int parseMegabytes(String text) {
        int n;
        try {
            n = Integer.parseInt(text.strip().replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new Refused("settings.error.whole_number", text.strip());
        }
        if (n < 1 || n > MAX_MEGABYTES) {
            throw new Refused("settings.error.megabytes.range", text.strip());
        }
        return n;
    }
}
