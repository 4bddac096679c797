package org.watchtray.app.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.event.Event;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.history.HistoryStore.Query;

/**
 * Writes {@code history-v1.db}, the test fixture of a history in schema 1 (one JSON object of
 * details per event), with the code that wrote schema 1. It is committed as made; the command
 * that made it is in the resource folder's README. Every family, hostile names, raw bytes, a
 * mount burst (whose count of other changes schema 1 called {@code burst_other}), read marks
 * on the first events, 500 USB errors so the file spans many pages, and one row no version can
 * read.
 */
public final class HistoryV1Fixture {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");

    private HistoryV1Fixture() {
    }

    /** What the fixture holds, oldest first: everything {@link #main} appends. */
    static List<Event> events() {
        List<Event> out = new ArrayList<>(SampleEvents.everyFamily(T0));
        Instant t = T0.plusSeconds(60);
        out.add(new MountEvent(t, MountEvent.Change.BURST, 0, "/run/ctr", null, "tmpfs", null, null, null,
                new MountEvent.Burst(t.minusSeconds(2), 30, 7, 4, List.of("/run/ctr/a b", "/run/ctr/new\nline"))));
        for (int i = 0; i < 500; i++) {
            out.add(SampleEvents.usbError(T0.plus(Duration.ofMinutes(2)).plusMillis(i * 250L), i, 6));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Files.deleteIfExists(file);
        try (SqliteHistoryStore store = SqliteHistoryStore.open(file, Clock.fixed(T0, ZoneOffset.UTC), e -> { })) {
            store.append(events());
            long fifth = store.query(Query.all(0)).reversed().get(4).id();
            store.markReadUpTo(fifth);
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
            s.executeUpdate("INSERT INTO events(time_ns, source, kind, name, severity, subject, summary, details, raw)"
                    + " VALUES (1740823200000000000, 'usb', 'hologram', 'usb.hologram', 'info', '9-9', 'from the future', '{\"x\":1}', x'0102')");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            s.execute("VACUUM");
        }
    }
}
