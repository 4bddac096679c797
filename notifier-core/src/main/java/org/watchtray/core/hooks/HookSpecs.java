package org.watchtray.core.hooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.DurationText;

/**
 * Hooks to and from the JSON form the user's settings, the administrator's settings and the
 * agent's config share, given as a parsed tree (maps, lists, strings, numbers, booleans), so any
 * JSON library can feed it. An object of hooks by name:
 *
 * <pre>
 * "hooks": {
 *   "extend-pool": {
 *     "command": ["/usr/local/sbin/watchtray-extend-pool"],     required: absolute path, then fixed arguments
 *     "events": ["thinpool.data_threshold"],                    globs on event names; default ["*"]
 *     "sources": ["thinpool"],                                  default [] = any source
 *     "min_severity": "warning",                                default "info"
 *     "timeout": "2m", "max_runs": 2, "per": "10m",             defaults "30s", 10, "1m"
 *     "max_concurrent": 1, "enabled": true                      defaults 1, true
 *   }
 * }
 * </pre>
 *
 * Objects merge field by field across layers, so an admin's hooks and a user's add up, and a
 * user may set {@code "enabled": false} on an admin's hook of the same name.
 */
public final class HookSpecs {
    private HookSpecs() {
    }

    /** Reads every hook of the {@code hooks} object at {@code path}. */
    public static List<HookSpec> read(Object tree, String path) {
        Map<?, ?> hooks = object(tree, path);
        List<HookSpec> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : hooks.entrySet()) {
            String name = e.getKey().toString();
            out.add(readOne(name, e.getValue(), path + "." + name));
        }
        return out;
    }

    static HookSpec readOne(String name, Object tree, String path) {
        if (name.isBlank()) {
            throw new HookSpecException(path, "a hook needs a name");
        }
        Map<?, ?> f = object(tree, path);
        List<String> command = strings(f.get("command"), path + ".command");
        if (command.isEmpty()) {
            throw new HookSpecException(path + ".command", "is missing: give the program and its fixed arguments, e.g. [\"/usr/local/bin/notify\"]");
        }
        List<String> events = f.containsKey("events") ? strings(f.get("events"), path + ".events") : HookSpec.ALL_EVENTS;
        Set<SourceId> sources = EnumSet.noneOf(SourceId.class);
        if (f.containsKey("sources")) {
            for (String s : strings(f.get("sources"), path + ".sources")) {
                try {
                    sources.add(SourceId.fromWireName(s));
                } catch (IllegalArgumentException x) {
                    throw new HookSpecException(path + ".sources", "unknown source \"" + s + "\"");
                }
            }
        }
        Severity min = HookSpec.DEFAULT_MIN_SEVERITY;
        if (f.containsKey("min_severity")) {
            String s = text(f.get("min_severity"), path + ".min_severity");
            try {
                min = Severity.parse(s);
            } catch (IllegalArgumentException x) {
                throw new HookSpecException(path + ".min_severity", "expected one of info, notice, warning, critical, found \"" + s + "\"");
            }
        }
        Duration timeout = f.containsKey("timeout") ? duration(f.get("timeout"), path + ".timeout") : HookSpec.DEFAULT_TIMEOUT;
        int maxRuns = f.containsKey("max_runs") ? count(f.get("max_runs"), path + ".max_runs") : HookSpec.DEFAULT_MAX_RUNS;
        Duration per = f.containsKey("per") ? duration(f.get("per"), path + ".per") : HookSpec.DEFAULT_PER;
        int maxConcurrent = f.containsKey("max_concurrent") ? count(f.get("max_concurrent"), path + ".max_concurrent")
                : HookSpec.DEFAULT_MAX_CONCURRENT;
        boolean enabled = !f.containsKey("enabled") || bool(f.get("enabled"), path + ".enabled");
        return new HookSpec(name, command, events, sources, min, timeout, maxRuns, per, maxConcurrent, enabled);
    }

    /** Every field of every hook, for writing back; the inverse of {@link #read}. */
    public static Map<String, Object> write(List<HookSpec> hooks) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (HookSpec h : hooks) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("command", h.command());
            f.put("events", h.events());
            f.put("sources", h.sources().stream().sorted().map(SourceId::wireName).toList());
            f.put("min_severity", h.minSeverity().wireName());
            f.put("timeout", DurationText.format(h.timeout()));
            f.put("max_runs", h.maxRuns());
            f.put("per", DurationText.format(h.per()));
            f.put("max_concurrent", h.maxConcurrent());
            f.put("enabled", h.enabled());
            out.put(h.name(), f);
        }
        return out;
    }

    private static Map<?, ?> object(Object v, String path) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw new HookSpecException(path, "expected an object, found " + describe(v));
    }

    private static String text(Object v, String path) {
        if (v instanceof String s) {
            return s;
        }
        throw new HookSpecException(path, "expected text, found " + describe(v));
    }

    private static List<String> strings(Object v, String path) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new HookSpecException(path, "expected a list of text, found " + describe(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(text(list.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private static Duration duration(Object v, String path) {
        try {
            Duration d = DurationText.parse(text(v, path));
            if (d.isZero()) {
                throw new HookSpecException(path, "must be longer than 0s");
            }
            return d;
        } catch (HookSpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new HookSpecException(path, e.getMessage());
        }
    }

    private static int count(Object v, String path) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= 1 && n.longValue() <= 10_000) {
            return n.intValue();
        }
        throw new HookSpecException(path, "expected a whole number from 1 to 10000, found " + describe(v));
    }

    private static boolean bool(Object v, String path) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new HookSpecException(path, "expected true or false, found " + describe(v));
    }

    private static String describe(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
