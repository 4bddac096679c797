package org.watchtray.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.watchtray.core.event.Event;
import org.watchtray.core.export.EventDocument;

/**
 * One JSON object per event, on one line, for {@code --json} output ({@link EventDocument}, the
 * shape hooks read on stdin too):
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
        return mapper.valueToTree(EventDocument.of(entry.time(), entry.source(), entry.event(), entry.severity(), entry.summary(),
                entry.subject(), entry.details(), entry.raw()));
    }
}
