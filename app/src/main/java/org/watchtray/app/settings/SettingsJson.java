package org.watchtray.app.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.hooks.HookSpec;
import org.watchtray.core.hooks.HookSpecException;
import org.watchtray.core.hooks.HookSpecs;
import org.watchtray.core.settings.DurationText;
import org.watchtray.core.settings.Grouping;
import org.watchtray.core.settings.Settings;

/**
 * Maps {@link Settings} to and from a JSON tree, field by field, so the file format is written
 * down here rather than derived from Java names. Field names are snake_case; durations are
 * "90s"-style text ({@link DurationText}); times of day are "HH:mm". Reading is strict: a field
 * of the wrong type or out of range is an error naming its path, never a silent default.
 * Fields this version does not know are not errors; the store keeps them.
 */
final class SettingsJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private SettingsJson() {
    }

    /** Every known field of {@code s} (not its unknown fields). */
    static ObjectNode write(Settings s) {
        ObjectNode root = NODES.objectNode();
        root.put("version", s.version());
        ObjectNode sources = root.putObject("sources");
        for (SourceId id : SourceId.values()) {
            Settings.SourceRules r = s.rules(id);
            sources.putObject(id.wireName()).put("toasts", r.toasts()).put("timeline", r.timeline());
        }
        root.put("min_toast_severity", s.minToastSeverity().wireName());

        ObjectNode keys = root.putObject("keys");
        strings(keys.putArray("watch_keyrings"), s.keys().watchKeyrings());
        keys.put("expiry_warning", DurationText.format(s.keys().expiryWarning()));
        keys.put("poll_interval", DurationText.format(s.keys().pollInterval()));
        strings(keys.putArray("subtypes"), s.keys().subtypes());

        ObjectNode krb = root.putObject("kerberos");
        ArrayNode leads = krb.putArray("lead_times");
        s.kerberos().leadTimes().forEach(d -> leads.add(DurationText.format(d)));
        krb.put("auto_renew", s.kerberos().autoRenew());
        strings(krb.putArray("extra_collections"), s.kerberos().extraCollections());

        ObjectNode pool = root.putObject("thinpool");
        ints(pool.putArray("data_thresholds"), s.thinPool().dataThresholds());
        ints(pool.putArray("metadata_thresholds"), s.thinPool().metadataThresholds());

        ObjectNode mounts = root.putObject("mounts");
        strings(mounts.putArray("ignore_mount_points"), s.mounts().ignoreMountPoints());
        strings(mounts.putArray("ignore_fs_types"), s.mounts().ignoreFsTypes());
        mounts.put("burst_limit", s.mounts().burstLimit());
        mounts.put("burst_window", DurationText.format(s.mounts().burstWindow()));

        root.putObject("usb").put("burst_window", DurationText.format(s.usb().burstWindow()));

        root.putObject("quiet_hours")
                .put("enabled", s.quietHours().enabled())
                .put("start", HH_MM.format(s.quietHours().start()))
                .put("end", HH_MM.format(s.quietHours().end()));

        root.putObject("history")
                .put("max_age", DurationText.format(s.history().maxAge()))
                .put("max_events", s.history().maxEvents())
                .put("max_megabytes", s.history().maxMegabytes());

        root.put("autostart", s.autostart());
        root.putObject("journal").put("enabled", s.journal().enabled());
        root.set("hooks", Json.MAPPER.valueToTree(HookSpecs.write(s.hooks())));
        root.putObject("appearance")
                .put("color_scheme", s.appearance().colorScheme().wireName())
                .put("tray_icon", s.appearance().trayIcon().wireName());
        root.putObject("timeline").put("grouping", s.timeline().grouping().wireName());
        return root;
    }

    /**
     * Reads a complete tree (defaults already merged in, so every known field is present).
     *
     * @throws SettingsFormatException naming the first bad field
     */
    static Settings read(ObjectNode root, Map<String, Object> unknown) {
        Fields f = new Fields(root, "");
        int version = f.integer("version", 0, Integer.MAX_VALUE);

        Fields sources = f.object("sources");
        Map<SourceId, Settings.SourceRules> rules = new EnumMap<>(SourceId.class);
        for (SourceId id : SourceId.values()) {
            if (sources.has(id.wireName())) {
                Fields r = sources.object(id.wireName());
                rules.put(id, new Settings.SourceRules(r.bool("toasts"), r.bool("timeline")));
            }
        }
        Severity min = f.parsed("min_toast_severity", Severity::parse, "one of info, notice, warning, critical");

        Fields keys = f.object("keys");
        Settings.Keys k = new Settings.Keys(keys.strings("watch_keyrings"), keys.duration("expiry_warning"),
                keys.positiveDuration("poll_interval"), keys.strings("subtypes"));

        Fields krb = f.object("kerberos");
        List<Duration> leads = krb.list("lead_times", (n, path) -> positive(durationOf(n, path), path));
        Settings.Kerberos kerberos = new Settings.Kerberos(leads, krb.bool("auto_renew"), krb.strings("extra_collections"));

        Fields pool = f.object("thinpool");
        Settings.ThinPool thin = new Settings.ThinPool(pool.percentages("data_thresholds"),
                pool.percentages("metadata_thresholds"));

        Fields mounts = f.object("mounts");
        Settings.Mounts m = new Settings.Mounts(mounts.strings("ignore_mount_points"), mounts.strings("ignore_fs_types"),
                mounts.integer("burst_limit", 0, 10_000), mounts.positiveDuration("burst_window"));

        Settings.Usb usb = new Settings.Usb(f.object("usb").duration("burst_window"));

        Fields quiet = f.object("quiet_hours");
        Settings.QuietHours q = new Settings.QuietHours(quiet.bool("enabled"), quiet.time("start"), quiet.time("end"));

        Fields hist = f.object("history");
        Settings.History h = new Settings.History(hist.positiveDuration("max_age"),
                hist.integer("max_events", 0, Integer.MAX_VALUE), hist.integer("max_megabytes", 1, 1_048_576));

        Settings.Journal journal = new Settings.Journal(f.object("journal").bool("enabled"));
        List<HookSpec> hooks;
        try {
            hooks = HookSpecs.read(Json.MAPPER.convertValue(f.object("hooks").node(), Map.class), "hooks");
        } catch (HookSpecException e) {
            throw new SettingsFormatException(e.path(), e.problem());
        }
        Fields look = f.object("appearance");
        Settings.Appearance appearance = new Settings.Appearance(
                look.parsed("color_scheme", Settings.ColorScheme::parse, "one of system, light, dark"),
                look.parsed("tray_icon", Settings.TrayIcon::parse, "one of color, symbolic"));

        Settings.Timeline timeline = new Settings.Timeline(f.object("timeline").parsed("grouping", Grouping::parse,
                "one of none, day, source, subject"));

        return new Settings(version, rules, min, k, kerberos, thin, m, usb, q, h, f.bool("autostart"), journal, hooks, appearance, timeline,
                unknown);
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static void ints(ArrayNode a, List<Integer> values) {
        values.forEach(a::add);
    }

    private static Duration durationOf(JsonNode n, String path) {
        if (!n.isTextual()) {
            throw new SettingsFormatException(path, "expected a duration such as \"15m\", found " + shown(n));
        }
        Duration d;
        try {
            d = DurationText.parse(n.asText());
        } catch (IllegalArgumentException e) {
            throw new SettingsFormatException(path, e.getMessage());
        }
        // Beyond this, arithmetic on the value (toMillis, toNanos, now + value) overflows.
        if (d.compareTo(LONGEST) > 0) {
            throw new SettingsFormatException(path, "is longer than " + DurationText.format(LONGEST)
                    + ", the longest duration a setting takes, found " + shown(n));
        }
        return d;
    }

    /** The longest duration any setting takes: 100 years (36500d). */
    static final Duration LONGEST = Duration.ofDays(36_500);

    /**
     * A found value as an error message shows it: escaped (a newline or a bidi control cannot
     * reshape the message) and cut to 40 characters, so a wrong file's content is not echoed at length.
     */
    static String shown(JsonNode n) {
        String text = n.toString();
        return org.watchtray.core.event.Text.visible(text.length() <= 40 ? text : text.substring(0, 40) + "…");
    }

    private static Duration positive(Duration d, String path) {
        if (d.isZero()) {
            throw new SettingsFormatException(path, "must be longer than 0s");
        }
        return d;
    }

    /** Typed access to one JSON object with the path kept for error messages. */
    private record Fields(ObjectNode node, String path) {

        boolean has(String name) {
            return node.has(name);
        }

        private JsonNode get(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                throw new SettingsFormatException(at(name), "is missing");
            }
            return v;
        }

        private String at(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        Fields object(String name) {
            if (!(get(name) instanceof ObjectNode o)) {
                throw new SettingsFormatException(at(name), "expected an object, found " + shown(get(name)));
            }
            return new Fields(o, at(name));
        }

        boolean bool(String name) {
            JsonNode v = get(name);
            if (!v.isBoolean()) {
                throw new SettingsFormatException(at(name), "expected true or false, found " + shown(v));
            }
            return v.booleanValue();
        }

        int integer(String name, int min, int max) {
            JsonNode v = get(name);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
                throw new SettingsFormatException(at(name), "expected a whole number from " + min + " to " + max + ", found " + shown(v));
            }
            return v.intValue();
        }

        <T> T parsed(String name, Function<String, T> parser, String expected) {
            JsonNode v = get(name);
            if (v.isTextual()) {
                try {
                    return parser.apply(v.asText());
                } catch (IllegalArgumentException e) {
                    // fall through to the message naming what is expected
                }
            }
            throw new SettingsFormatException(at(name), "expected " + expected + ", found " + shown(v));
        }

        Duration duration(String name) {
            return durationOf(get(name), at(name));
        }

        Duration positiveDuration(String name) {
            return positive(duration(name), at(name));
        }

        LocalTime time(String name) {
            return parsed(name, t -> {
                try {
                    return LocalTime.parse(t.strip(), HH_MM);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(e);
                }
            }, "a time of day such as \"22:00\"");
        }

        <T> List<T> list(String name, ElementReader<T> reader) {
            JsonNode v = get(name);
            if (!v.isArray()) {
                throw new SettingsFormatException(at(name), "expected a list, found " + shown(v));
            }
            List<T> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                out.add(reader.read(v.get(i), at(name) + "[" + i + "]"));
            }
            return out;
        }

        List<String> strings(String name) {
            return list(name, (n, p) -> {
                if (!n.isTextual()) {
                    throw new SettingsFormatException(p, "expected text, found " + shown(n));
                }
                return n.asText();
            });
        }

        List<Integer> percentages(String name) {
            return list(name, (n, p) -> {
                // canConvertToInt first: 4294967297 as an int is 1.
                if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1 || n.intValue() > 100) {
                    throw new SettingsFormatException(p, "expected a percentage from 1 to 100, found " + shown(n));
                }
                return n.intValue();
            });
        }
    }

    @FunctionalInterface
    private interface ElementReader<T> {
        T read(JsonNode node, String path);
    }

    /** The unknown part of a tree as the map {@link Settings#unknown()} holds (values are JSON nodes). */
    static Map<String, Object> unknownMap(ObjectNode unknown) {
        Map<String, Object> out = new LinkedHashMap<>();
        unknown.properties().forEach(e -> out.put(e.getKey(), e.getValue().deepCopy()));
        return out;
    }

    /** The inverse of {@link #unknownMap}: values that are not JSON nodes are converted. */
    static ObjectNode unknownTree(Map<String, Object> unknown) {
        ObjectNode out = NODES.objectNode();
        unknown.forEach((k, v) -> out.set(k, v instanceof JsonNode n ? n.deepCopy() : Json.MAPPER.valueToTree(v)));
        return out;
    }
}
