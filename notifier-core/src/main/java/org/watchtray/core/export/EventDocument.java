package org.watchtray.core.export;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;

/**
 * An event as a JSON document, built of maps, strings, numbers, booleans and nulls only, so any
 * JSON library writes it the same way: {@code watchtray monitor --json}, the timeline's JSON
 * export and the JSON a hook reads on stdin are this one shape. {@code time} (ISO-8601 instant),
 * {@code source}, {@code event}, {@code severity}, {@code summary}, {@code subject},
 * {@code details} (typed: numbers and booleans as such, instants and durations as ISO-8601
 * strings, non-finite numbers as null) and, for an event that came from a binary record,
 * {@code raw}: its bytes in lower-case hex.
 */
public final class EventDocument {
    private EventDocument() {
    }

    public static Map<String, Object> of(Event e) {
        return of(e.time(), e.source(), e.name(), e.severity(), EnglishSummary.of(e), e.subject(), e.details(), e.raw());
    }

    /** The same document for something shown like an event (a decoded protocol record). */
    public static Map<String, Object> of(Instant time, SourceId source, String event, Severity severity, String summary,
                                         String subject, Map<String, Object> details, Bytes raw) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("time", time.toString());
        doc.put("source", source.wireName());
        doc.put("event", event);
        doc.put("severity", severity.wireName());
        doc.put("summary", summary);
        doc.put("subject", subject);
        Map<String, Object> d = new LinkedHashMap<>();
        details.forEach((name, value) -> d.put(name, value(value)));
        doc.put("details", d);
        if (raw != null && !raw.isEmpty()) {
            doc.put("raw", HexFormat.of().formatHex(raw.value()));
        }
        return doc;
    }

    private static Object value(Object v) {
        return switch (v) {
            case String s -> s;
            case Integer i -> i;
            case Long l -> l;
            case Double d -> Double.isFinite(d) ? d : null;
            case Boolean b -> b;
            case Instant t -> t.toString();
            case Duration d -> d.toString();
            default -> String.valueOf(v);
        };
    }
}
