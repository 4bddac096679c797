package org.watchtray.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;

class RecordEventsTest {
    private static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");
    private final RecordEvents events = new RecordEvents(Clock.fixed(NOW, ZoneOffset.UTC), SourceId.KEYS);
    private final Map<String, byte[]> doc = WireFormatDoc.vectors();

    private Event only(String vector) {
        List<WatchRecord> records = RecordDecoder.decode(doc.get(vector));
        assertEquals(1, records.size());
        return events.toEvent(records.getFirst()).orElseThrow();
    }

    @Test
    void allEightKeySubtypesBecomeTheirKeyEvents() {
        Map<String, String> names = Map.of(
                "key-instantiated", "keys.instantiated", "key-updated", "keys.updated",
                "key-linked", "keys.linked", "key-unlinked", "keys.unlinked",
                "key-cleared", "keys.cleared", "key-revoked", "keys.revoked",
                "key-invalidated", "keys.invalidated", "key-setattr", "keys.setattr");
        names.forEach((vector, name) -> {
            Event e = only(vector);
            assertEquals(name, e.name(), vector);
            assertEquals(NOW, e.time());
            assertEquals("489570112", e.subject());
        });
    }

    @Test
    void aLinkNamesTheLinkedKey() {
        KeyEvent linked = (KeyEvent) only("key-linked");
        assertEquals(994860398, linked.otherSerial());
        assertEquals(KeyEvent.Origin.NOTIFICATION_QUEUE, linked.origin());
        assertEquals("Key 489570112 gained a link: key 994860398 linked", EnglishSummary.of(linked));
        assertEquals(16, linked.raw().length());
    }

    @Test
    void aRemovalIsTheWatchedKeyGoingAway() {
        KeyEvent removed = (KeyEvent) only("removal-long");
        assertEquals("keys.removed", removed.name());
        assertEquals(489570112, removed.serial());
    }

    @Test
    void aKernelLossIsALossOfTheQueueOwnersEvents() {
        LossEvent loss = (LossEvent) only("loss");
        assertEquals(SourceId.KEYS, loss.affected());
        assertEquals(-1, loss.lost());
    }

    @Test
    void malformedAndUnknownRecordsBecomeDecodeProblemsWithTheirOffsets() {
        List<Event> problems = RecordDecoder.decode(doc.get("malformed-zero-length")).stream()
                .map(r -> events.toEvent(r).orElseThrow()).toList();
        DecodeProblem p = (DecodeProblem) problems.getFirst();
        assertEquals(0, p.offset());
        assertEquals("Malformed keys input at offset 0: record length 0 is shorter than the 8-byte header (16 bytes skipped)", EnglishSummary.of(p));
        DecodeProblem unknown = (DecodeProblem) events.toEvent(RecordDecoder.decode(doc.get("unknown-type")).getFirst()).orElseThrow();
        assertTrue(EnglishSummary.of(unknown).contains("unknown record type 0x000002 subtype 0 (12 bytes)"), EnglishSummary.of(unknown));
    }

    @Test
    void agentEventsKeepTheirOwnTimeAndProtocolRecordsMapToNothing() {
        Event usb = only("usb-enumeration-error");
        assertEquals(Instant.parse("2025-03-01T12:00:00.250Z"), usb.time());
        assertTrue(events.toEvent(RecordDecoder.decode(doc.get("agent-hello")).getFirst()).isEmpty());
        assertTrue(events.toEvent(RecordDecoder.decode(doc.get("agent-snapshot-end")).getFirst()).isEmpty());
    }
}
