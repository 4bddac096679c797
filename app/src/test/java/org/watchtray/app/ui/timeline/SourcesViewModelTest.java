package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.source.SourceStatus;

/** The Sources tab's "Since": when each source's present state began, not when the window opened. */
class SourcesViewModelTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final SourceStatus KEYS_FALLBACK = SourceStatus.degraded(SourceId.KEYS, "polling /proc/keys every 60 s",
            "kernel lacks CONFIG_WATCH_QUEUE (pipe2 returned ENOPKG)");
    private static final SourceStatus MOUNTS = SourceStatus.active(SourceId.MOUNTS, "poll(POLLPRI) on /proc/self/mountinfo");
    private static final SourceStatus POOLS_AWAY = SourceStatus.unavailable(SourceId.THINPOOL, "the watchtray agent is not running");
    private static final SourceStatus POOLS = SourceStatus.active(SourceId.THINPOOL, "watchtray agent: device-mapper events");

    private final List<SourceStatus> backend = new ArrayList<>(List.of(KEYS_FALLBACK, MOUNTS, POOLS));

    private static Instant since(SourcesViewModel m, SourceId id) {
        return m.rows().stream().filter(r -> r.status().source() == id).findFirst().orElseThrow().since();
    }

    @Test
    void sinceIsWhenTheStateBeganAsTheHistoryTellsIt() {
        SourcesViewModel m = new SourcesViewModel(() -> backend);
        assertNull(since(m, SourceId.KEYS), "the backend does not say since when; not 'now'");

        List<Event> history = List.of(
                new SourceStatusEvent(T0, KEYS_FALLBACK),
                new SourceStatusEvent(T0, MOUNTS),
                new SourceStatusEvent(T0, POOLS_AWAY),
                new SourceStatusEvent(T0.plusSeconds(600), POOLS),
                // The same state in other words: not a new state.
                new SourceStatusEvent(T0.plusSeconds(900), SourceStatus.degraded(SourceId.KEYS, "polling /proc/keys every 60 s",
                        "pipe2 returned ENOPKG")));
        m.restore(history);
        assertEquals(T0, since(m, SourceId.KEYS));
        assertEquals(T0, since(m, SourceId.MOUNTS));
        assertEquals(T0.plusSeconds(600), since(m, SourceId.THINPOOL), "since the agent came back");
    }

    @Test
    void aLiveChangeStartsANewState() {
        SourcesViewModel m = new SourcesViewModel(() -> backend);
        m.restore(List.of(new SourceStatusEvent(T0, POOLS)));
        m.accept(List.of(new SourceStatusEvent(T0.plusSeconds(60), POOLS_AWAY)));
        assertEquals(T0.plusSeconds(60), since(m, SourceId.THINPOOL));
        m.accept(List.of(new SourceStatusEvent(T0.plusSeconds(70), SourceStatus.unavailable(SourceId.THINPOOL,
                "the watchtray agent is not running (connection refused)"))));
        assertEquals(T0.plusSeconds(60), since(m, SourceId.THINPOOL), "a new reason, the same state");
    }
}
