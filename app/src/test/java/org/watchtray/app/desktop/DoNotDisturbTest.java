package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DoNotDisturbTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void untilTomorrowMeansTomorrowMorningInTheUsersZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertEquals(Instant.parse("2025-03-30T06:00:00Z"),
                DoNotDisturb.tomorrowMorning(Instant.parse("2025-03-29T22:30:00Z"), berlin), "across the DST change: 08:00 CEST");
        assertEquals(Instant.parse("2025-06-03T06:00:00Z"),
                DoNotDisturb.tomorrowMorning(Instant.parse("2025-06-02T00:10:00Z"), berlin), "just after midnight: the next morning");
    }

    @Test
    void listenersHearTheStartAndTheEndFromOneOneShotTimer() throws Exception {
        DoNotDisturb dnd = new DoNotDisturb(Clock.systemUTC(), timer);
        List<Instant> heard = new CopyOnWriteArrayList<>();
        dnd.listen(heard::add);
        dnd.forDuration(Duration.ofMillis(300));
        assertEquals(1, heard.size());
        Instant until = heard.getFirst();
        assertEquals(until, dnd.until());
        timer.schedule(() -> { }, 600, TimeUnit.MILLISECONDS).get();
        assertEquals(2, heard.size(), "told when it ran out");
        assertNull(heard.get(1));
        assertNull(dnd.until());
        assertEquals(0, timer.getQueue().size(), "nothing left to wake for");
    }

    @Test
    void turningItOffCancelsTheTimer() {
        DoNotDisturb dnd = new DoNotDisturb(Clock.systemUTC(), timer);
        dnd.untilTomorrowMorning();
        dnd.off();
        assertNull(dnd.until());
        assertEquals(0, timer.getQueue().stream()
                .filter(r -> !((java.util.concurrent.Future<?>) r).isCancelled()).count());
    }
}
