package org.watchtray.app.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.EventShape;
import org.watchtray.core.event.EventShapes;
import org.watchtray.core.event.Field;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.record.AgentRecordCodec;
import org.watchtray.core.record.RecordDecoder;
import org.watchtray.core.record.WatchRecord;

/**
 * Issue 16: every event type has one description ({@link EventShape}), and {@code details()},
 * the history's compact details and the agent's records all follow it. Each sample event goes
 * through each and must come back equal, with the same field names and values.
 */
class EventDescriptorsTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");

    private static List<Event> samples() {
        List<Event> out = new ArrayList<>(SampleEvents.everyFamily(T0));
        out.add(new MountEvent(T0, MountEvent.Change.BURST, 0, "/run/ctr", null, "tmpfs", null, null, null,
                new MountEvent.Burst(T0.minusSeconds(2), 30, 7, 4, List.of("/run/ctr/a b", "/run/ctr/new\nline"))));
        return out;
    }

    @Test
    void everyEventTypeHasADescriptionAndTheSamplesCoverThemAll() {
        Set<Class<?>> covered = samples().stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> described = EventShapes.ALL.stream().map(EventShape::type).collect(Collectors.toSet());
        assertEquals(described, covered);
        for (Class<?> c : Event.class.getPermittedSubclasses()) {
            assertTrue(described.contains(c), c + " has no description");
        }
    }

    @Test
    void detailsAreTheDescribedFieldsByName() {
        for (Event e : samples()) {
            EventShape<Event> shape = EventShapes.of(e);
            Map<String, Object> expected = new LinkedHashMap<>();
            for (Map.Entry<Field<Event, ?>, Object> f : shape.present(e).entrySet()) {
                expected.put(f.getKey().name(), shown(f.getKey(), f.getValue()));
            }
            assertEquals(expected, e.details(), e.name());
            assertTrue(EventShapes.named(e.name()) == shape, e.name() + " is found by its name");
        }
    }

    @Test
    void theHistoryAndTheAgentsRecordsGiveBackTheSameEvent() {
        for (Event e : samples()) {
            byte[] compact = CompactDetails.encode(e);
            Event back = CompactDetails.decode(e.name(), e.time(), e.severity(), compact, e.raw().isEmpty() ? null : e.raw().value());
            assertEquals(e, back, "history: " + e.name());
            assertEquals(e.details(), back.details(), "history details: " + e.name());
            if (AgentRecordCodec.supports(e)) {
                Event fromAgent = ((WatchRecord.AgentEvent) RecordDecoder.decode(AgentRecordCodec.encode(e)).getFirst()).event();
                assertEquals(e.details(), fromAgent.details(), "agent record: " + e.name());
                assertEquals(e.name(), fromAgent.name());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Object shown(Field<?, T> f, Object v) {
        return f.type().detailValue((T) v);
    }
}
