package org.watchtray.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.export.EventFields;
import org.watchtray.core.source.SourceStatus;

class JournalEntriesTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private static Map<String, String> fields(Event e, String identifier) {
        Map<String, String> m = new LinkedHashMap<>();
        for (JournalField f : JournalEntries.of(e, identifier)) {
            assertEquals(null, m.put(f.name(), f.value()), "field written twice: " + f.name());
        }
        return m;
    }

    @Test
    void aThinPoolThresholdBecomesOneStructuredEntry() {
        Event e = new ThinPoolEvent(T, ThinPoolEvent.Change.DATA_THRESHOLD, null, "vg0-pool-tpool", "vg0/pool",
                91.5, 12.25, 90, Duration.ofMinutes(40), "rw");
        Map<String, String> f = fields(e, JournalEntries.AGENT);
        assertEquals(List.of("MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "MESSAGE_ID", "WATCHTRAY_SOURCE", "WATCHTRAY_EVENT",
                "WATCHTRAY_SEVERITY", "WATCHTRAY_SUBJECT", "WATCHTRAY_POOL", "WATCHTRAY_LVM_NAME", "WATCHTRAY_DATA_PERCENT",
                "WATCHTRAY_METADATA_PERCENT", "WATCHTRAY_THRESHOLD", "WATCHTRAY_FULL_IN", "WATCHTRAY_MODE"), List.copyOf(f.keySet()));
        assertEquals(EnglishSummary.of(e), f.get("MESSAGE"));
        assertEquals("4", f.get("PRIORITY"));
        assertEquals("watchtray-agent", f.get("SYSLOG_IDENTIFIER"));
        assertEquals(MessageIds.of("thinpool.data_threshold").orElseThrow(), f.get("MESSAGE_ID"));
        assertEquals("thinpool", f.get("WATCHTRAY_SOURCE"));
        assertEquals("thinpool.data_threshold", f.get("WATCHTRAY_EVENT"));
        assertEquals("warning", f.get("WATCHTRAY_SEVERITY"));
        assertEquals("vg0-pool-tpool", f.get("WATCHTRAY_SUBJECT"));
        assertEquals("91.5", f.get("WATCHTRAY_DATA_PERCENT"));
        assertEquals("90", f.get("WATCHTRAY_THRESHOLD"));
        assertEquals("PT40M", f.get("WATCHTRAY_FULL_IN"));
    }

    @Test
    void prioritiesFollowSyslogLevels() {
        Event expired = new CredentialEvent(T, CredentialEvent.Change.EXPIRED, "a@B", "FILE:/tmp/x", T, null, false, null, null);
        assertEquals("2", fields(expired, JournalEntries.DESKTOP).get("PRIORITY"));
        assertEquals("watchtray", fields(expired, JournalEntries.DESKTOP).get("SYSLOG_IDENTIFIER"));
        assertEquals("2026-03-01T10:00:00Z", fields(expired, JournalEntries.DESKTOP).get("WATCHTRAY_END_TIME"));
        assertEquals("false", fields(expired, JournalEntries.DESKTOP).get("WATCHTRAY_RENEWABLE"));
    }

    @Test
    void aDetailNamedLikeAFixedFieldKeepsBoth() {
        Event status = new SourceStatusEvent(T, SourceStatus.unavailable(SourceId.JOURNAL, "no journald"));
        Map<String, String> f = fields(status, JournalEntries.DESKTOP);
        assertEquals("meta", f.get("WATCHTRAY_SOURCE"));
        assertEquals("journal", f.get("WATCHTRAY_DETAIL_SOURCE"));
        assertEquals("unavailable", f.get("WATCHTRAY_STATE"));
    }

    @Test
    void detailNamesAreUpperCasedAndCleaned() {
        assertEquals("WATCHTRAY_PORT_FAILURES", EventFields.fieldName("port_failures"));
        assertEquals("WATCHTRAY_A_B_C", EventFields.fieldName("a-b.c"));
        assertEquals("WATCHTRAY_DETAIL_SUBJECT", EventFields.fieldName("subject"));
        assertEquals(64, EventFields.fieldName("x".repeat(100)).length());
    }

    @Test
    void everyEventTypeGivesValidFieldsAndAnId() {
        for (Event e : EveryEventType.all()) {
            Map<String, String> f = fields(e, JournalEntries.DESKTOP);
            assertTrue(f.containsKey("MESSAGE_ID"), e.name());
            assertEquals(e.name(), f.get("WATCHTRAY_EVENT"));
        }
    }
}
