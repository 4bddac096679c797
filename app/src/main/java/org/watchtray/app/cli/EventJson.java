package org.watchtray.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.watchtray.core.event.Event;

/**
 * One JSON object per event, on one line, for {@code --json} output:
 * {@code time} (ISO-8601 instant, UTC), {@code source} (keys|kerberos|mounts|thinpool|usb|meta),
 * {@code event} (e.g. {@code keys.linked}), {@code severity} (info|notice|warning|critical),
 * {@code summary}, {@code subject}, {@code details} (typed: numbers and booleans as JSON numbers
 * and booleans, instants as ISO-8601 strings, durations as ISO-8601 duration strings such as
 * {@code "PT40M"}, non-finite numbers as null) and, when the event came from a binary record,
 * {@code raw}: its bytes as lower-case hex without separators.
 */
public final class EventJson {
    private final ObjectMapper mapper = new ObjectMapper();

    public String toJson(Event event) {
        return toJson(Entry.of(event));
    }

    String toJson(Entry entry) {
        try {
            return mapper.writeValueAsString(toNode(entry));
        } catch (JsonProcessingException e) {
            // A tree of strings, numbers and booleans always serialises.
            throw new IllegalStateException("cannot serialise " + entry.event(), e);
        }
    }

    public ObjectNode toNode(Event event) {
        return toNode(Entry.of(event));
    }

    ObjectNode toNode(Entry entry) {
        ObjectNode node = mapper.createObjectNode();
        node.put("time", entry.time().toString());
        node.put("source", entry.source().wireName());
        node.put("event", entry.event());
        node.put("severity", entry.severity().wireName());
        node.put("summary", entry.summary());
        node.put("subject", entry.subject());
        ObjectNode details = node.putObject("details");
        for (Map.Entry<String, Object> field : entry.details().entrySet()) {
            put(details, field.getKey(), field.getValue());
        }
        if (entry.raw() != null && !entry.raw().isEmpty()) {
            node.put("raw", HexFormat.of().formatHex(entry.raw().value()));
        }
        return node;
    }

    private static void put(ObjectNode node, String name, Object value) {
        switch (value) {
            case String s -> node.put(name, s);
            case Integer i -> node.put(name, i);
            case Long l -> node.put(name, l);
            case Double d when Double.isFinite(d) -> node.put(name, d);
            case Double d -> node.putNull(name);
            case Boolean b -> node.put(name, b);
            case Instant t -> node.put(name, t.toString());
            case Duration d -> node.put(name, d.toString());
            default -> node.put(name, String.valueOf(value));
        }
    }
}
