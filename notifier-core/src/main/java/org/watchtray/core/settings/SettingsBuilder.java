package org.watchtray.core.settings;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.hooks.HookSpec;

/** Changes one or more parts of an immutable {@link Settings}; everything else is carried over. */
public final class SettingsBuilder {
    private int version;
    private final Map<SourceId, Settings.SourceRules> sources = new EnumMap<>(SourceId.class);
    private Severity minToastSeverity;
    private Settings.Keys keys;
    private Settings.Kerberos kerberos;
    private Settings.ThinPool thinPool;
    private Settings.Mounts mounts;
    private Settings.Usb usb;
    private Settings.QuietHours quietHours;
    private Settings.History history;
    private boolean autostart;
    private Settings.Journal journal;
    private List<HookSpec> hooks;
    private Settings.Appearance appearance;
    private Settings.Timeline timeline;
    private Map<String, Object> unknown;

    private SettingsBuilder(Settings s) {
        version = s.version();
        sources.putAll(s.sources());
        minToastSeverity = s.minToastSeverity();
        keys = s.keys();
        kerberos = s.kerberos();
        thinPool = s.thinPool();
        mounts = s.mounts();
        usb = s.usb();
        quietHours = s.quietHours();
        history = s.history();
        autostart = s.autostart();
        journal = s.journal();
        hooks = s.hooks();
        appearance = s.appearance();
        timeline = s.timeline();
        unknown = s.unknown();
    }

    public static SettingsBuilder from(Settings s) {
        return new SettingsBuilder(s);
    }

    public SettingsBuilder version(int v) {
        version = v;
        return this;
    }

    public SettingsBuilder rules(SourceId id, Settings.SourceRules rules) {
        sources.put(id, rules);
        return this;
    }

    public SettingsBuilder toasts(SourceId id, boolean on) {
        return rules(id, new Settings.SourceRules(on, sources.get(id).timeline()));
    }

    public SettingsBuilder timeline(SourceId id, boolean on) {
        return rules(id, new Settings.SourceRules(sources.get(id).toasts(), on));
    }

    public SettingsBuilder minToastSeverity(Severity s) {
        minToastSeverity = s;
        return this;
    }

    public SettingsBuilder keys(Settings.Keys k) {
        keys = k;
        return this;
    }

    public SettingsBuilder kerberos(Settings.Kerberos k) {
        kerberos = k;
        return this;
    }

    public SettingsBuilder thinPool(Settings.ThinPool t) {
        thinPool = t;
        return this;
    }

    public SettingsBuilder mounts(Settings.Mounts m) {
        mounts = m;
        return this;
    }

    public SettingsBuilder usb(Settings.Usb u) {
        usb = u;
        return this;
    }

    public SettingsBuilder quietHours(Settings.QuietHours q) {
        quietHours = q;
        return this;
    }

    public SettingsBuilder history(Settings.History h) {
        history = h;
        return this;
    }

    public SettingsBuilder autostart(boolean on) {
        autostart = on;
        return this;
    }

    public SettingsBuilder journal(Settings.Journal j) {
        journal = j;
        return this;
    }

    public SettingsBuilder hooks(List<HookSpec> h) {
        hooks = h;
        return this;
    }

    /** How the timeline groups the history (the user's choice in its grouping box). */
    public SettingsBuilder grouping(Grouping g) {
        timeline = new Settings.Timeline(g);
        return this;
    }

    public SettingsBuilder appearance(Settings.Appearance a) {
        appearance = a;
        return this;
    }

    public SettingsBuilder unknown(Map<String, Object> u) {
        unknown = u;
        return this;
    }

    public Settings build() {
        return new Settings(version, sources, minToastSeverity, keys, kerberos, thinPool, mounts, usb,
                quietHours, history, autostart, journal, hooks, appearance, timeline, unknown);
    }
}
