package org.watchtray.app.history;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.event.Event;
import org.watchtray.core.settings.Settings;

/**
 * The app's history path (opener, writer thread, SQLite) under a flood, in a child process that
 * {@link HistoryKillTest} kills with SIGKILL. After each batch the writer has committed, it
 * prints "committed N" (N events in total), so the test knows what must survive.
 */
public final class HistoryFlood {
    private HistoryFlood() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Clock clock = Clock.systemUTC();
        HistoryOpener.Opened opened = HistoryOpener.open(db, Settings.History.DEFAULT, clock, e -> { });
        System.out.println("opened " + opened.mechanism());
        HistoryWriter writer = new HistoryWriter(opened.store(), opened.mechanism(), Settings.History.DEFAULT, clock, e -> { }, 100_000);
        writer.start();
        long total = 0;
        Instant t = Instant.parse("2025-03-01T10:00:00Z");
        while (true) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(SampleEvents.usbError(t.plusMillis(total + i), (int) (total + i), 8));
            }
            writer.accept(batch);
            if (!writer.awaitIdle(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the writer did not catch up");
            }
            total += batch.size();
            System.out.println("committed " + total);
            System.out.flush();
        }
    }
}
