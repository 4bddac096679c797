package org.watchtray.core.export;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.watchtray.core.event.Event;

/**
 * An event as {@code WATCHTRAY_*} fields: the names and texts both the journal entry and a
 * hook's environment use, so a field means the same wherever an admin meets it. The event is
 * read only through {@link Event#name()}, {@link Event#details()} and its other accessors.
 *
 * <ul>
 * <li>{@code WATCHTRAY_SOURCE}, {@code _EVENT}, {@code _SEVERITY}, {@code _SUBJECT} first;</li>
 * <li>then one {@code WATCHTRAY_<DETAIL>} per detail, in the event's order: the detail's name
 *     upper-cased, any character other than A–Z, 0–9 and _ replaced by _. A detail whose name
 *     would give one of the reserved names below is written {@code WATCHTRAY_DETAIL_<NAME>}
 *     (a status event's "source" detail, for one);</li>
 * <li>texts: strings as they are (newlines included), numbers in plain decimal, booleans
 *     {@code true}/{@code false}, instants and durations in ISO-8601 ({@code 2026-03-01T10:00:00Z},
 *     {@code PT40M}) — the same as {@code watchtray monitor --json}.</li>
 * </ul>
 */
public final class EventFields {
    public static final String PREFIX = "WATCHTRAY_";
    public static final String SOURCE = PREFIX + "SOURCE";
    public static final String EVENT = PREFIX + "EVENT";
    public static final String SEVERITY = PREFIX + "SEVERITY";
    public static final String SUBJECT = PREFIX + "SUBJECT";
    /** Hook environments only: the summary line, the event's time, the hook's own name. */
    public static final String SUMMARY = PREFIX + "SUMMARY";
    public static final String TIME = PREFIX + "TIME";
    public static final String HOOK = PREFIX + "HOOK";

    private static final Set<String> RESERVED = Set.of(SOURCE, EVENT, SEVERITY, SUBJECT, SUMMARY, TIME, HOOK);
    private static final int MAX_NAME = 64;

    private EventFields() {
    }

    /** The fixed fields, then one per detail, name to text, in that order. */
    public static SequencedMap<String, String> of(Event e) {
        SequencedMap<String, String> out = new LinkedHashMap<>();
        out.put(SOURCE, e.source().wireName());
        out.put(EVENT, e.name());
        out.put(SEVERITY, e.severity().wireName());
        out.put(SUBJECT, e.subject() == null ? "" : e.subject());
        for (Map.Entry<String, Object> d : e.details().entrySet()) {
            out.putIfAbsent(fieldName(d.getKey()), text(d.getValue()));
        }
        return out;
    }

    /** "data_percent" → "WATCHTRAY_DATA_PERCENT"; "source" → "WATCHTRAY_DETAIL_SOURCE". */
    public static String fieldName(String detail) {
        StringBuilder b = new StringBuilder(PREFIX.length() + detail.length()).append(PREFIX);
        for (char c : detail.toUpperCase(Locale.ROOT).toCharArray()) {
            b.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        String name = b.toString();
        if (RESERVED.contains(name)) {
            name = PREFIX + "DETAIL_" + name.substring(PREFIX.length());
        }
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    /** A detail's value as text (see the class comment). */
    public static String text(Object value) {
        return switch (value) {
            case Double d when Double.isFinite(d) -> BigDecimal.valueOf(d).toPlainString();
            case Instant t -> t.toString();
            case Duration d -> d.toString();
            default -> String.valueOf(value);
        };
    }
}
