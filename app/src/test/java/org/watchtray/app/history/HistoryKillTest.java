package org.watchtray.app.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore.Query;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.usb.UsbEvent;

/**
 * Fault: the app is killed (SIGKILL) in the middle of a flood of events. The history opens
 * afterwards, every event committed before the kill is in it, and a loss marker stands for the
 * time no watchtray was running.
 */
class HistoryKillTest {
    @TempDir
    Path dir;

    @Test
    void killedMidFloodEveryCommittedEventSurvivesAndTheGapIsALossMarker() throws Exception {
        Path db = dir.resolve("state/watchtray/history.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), HistoryFlood.class.getName(), db.toString()).redirectErrorStream(true).start();
        long committed = 0;
        List<String> output = new ArrayList<>();
        try (BufferedReader r = child.inputReader(StandardCharsets.UTF_8)) {
            for (String line; committed < 3000 && (line = r.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith("committed ")) {
                    committed = Long.parseLong(line.substring("committed ".length()));
                }
            }
            assertTrue(committed >= 3000, "the flood ran: " + output);
            child.destroyForcibly(); // SIGKILL, in the middle of the next batch
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL");
        } finally {
            child.destroyForcibly();
        }

        List<Event> notices = new ArrayList<>();
        HistoryOpener.Opened reopened = HistoryOpener.open(db, Settings.History.DEFAULT, Clock.systemUTC(), notices::add);
        try {
            assertInstanceOf(SqliteHistoryStore.class, reopened.store(), "the history opens: " + reopened.notices());
            long usb = reopened.store().query(new Query(null, null, Set.of(SourceId.USB), null, null, 0)).stream()
                    .filter(s -> s.event() instanceof UsbEvent).count();
            assertTrue(usb >= committed, usb + " USB events kept, " + committed + " were committed before the kill");
            List<LossEvent> losses = reopened.notices().stream().filter(LossEvent.class::isInstance).map(LossEvent.class::cast).toList();
            assertEquals(1, losses.size(), "one loss marker for the gap: " + reopened.notices());
            assertEquals(SourceId.HISTORY, losses.getFirst().affected());
            assertTrue(EnglishSummary.of(losses.getFirst()).contains("watchtray stopped without closing its history"), EnglishSummary.of(losses.getFirst()));
        } finally {
            reopened.store().close();
        }
        List<Event> again = new ArrayList<>();
        HistoryOpener.Opened third = HistoryOpener.open(db, Settings.History.DEFAULT, Clock.systemUTC(), again::add);
        third.store().close();
        assertTrue(third.notices().stream().noneMatch(LossEvent.class::isInstance), "after a clean close, no gap: " + third.notices());
    }
}
