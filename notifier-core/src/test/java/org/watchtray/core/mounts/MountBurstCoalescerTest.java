package org.watchtray.core.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.mounts.MountEvent.Change;

class MountBurstCoalescerTest {
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
    private final MountBurstCoalescer c = new MountBurstCoalescer(3, Duration.ofSeconds(1), Duration.ofSeconds(10));

    @Test
    void aSingleChangePassesAtOnceAndArmsNothing() {
        assertEquals(1, c.offer(List.of(mounted("/media/usb")), T).size());
        assertEquals(Optional.empty(), c.deadline());
    }

    @Test
    void aContainerStartingBecomesThreeEventsAndOneSummary() {
        List<MountEvent> now = new ArrayList<>();
        // 40 mounts under /run/ctr arriving 20 ms apart, in batches of two.
        for (int i = 0; i < 40; i += 2) {
            Instant t = T.plusMillis(20L * i);
            now.addAll(c.offer(List.of(mounted("/run/ctr/c1/m" + i), mounted("/run/ctr/c1/m" + (i + 1))), t));
        }
        assertEquals(3, now.size());
        Instant last = T.plusMillis(20L * 38);
        assertEquals(Optional.of(last.plusSeconds(1)), c.deadline());
        assertEquals(List.of(), c.expire(last.plusMillis(999)), "not before the burst is quiet for a window");

        List<MountEvent> summary = c.expire(last.plusSeconds(1));
        assertEquals(1, summary.size());
        MountEvent s = summary.getFirst();
        assertEquals(Change.BURST, s.change());
        assertEquals("/run/ctr/c1", s.mountPoint());
        assertEquals(37, s.burst().mounted());
        assertEquals(0, s.burst().unmounted());
        assertEquals(T, s.burst().since());
        assertEquals(List.of("/run/ctr/c1/m3", "/run/ctr/c1/m4", "/run/ctr/c1/m5", "/run/ctr/c1/m6", "/run/ctr/c1/m7"), s.burst().examples());
        assertEquals("37 more mount changes under \u201c/run/ctr/c1\u201d (37 mounted)", EnglishSummary.of(s));
        assertEquals(Optional.empty(), c.deadline());
        // after the quiet window a new change is shown at once again
        assertEquals(1, c.offer(List.of(mounted("/media/usb")), last.plusSeconds(5)).size());
    }

    @Test
    void criticalAndWarningChangesAreNeverHeldNorCounted() {
        List<MountEvent> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(mounted("/m/" + i));
        }
        batch.add(new MountEvent(T, Change.REMOUNTED_READ_ONLY, 28, "/home", null, "ext4", "/dev/vdb", "ro", "rw"));
        batch.add(new MountEvent(T, Change.NETWORK_MOUNT_LOST, 29, "/net/x", null, "nfs4", "s:/x", "rw", null));
        List<MountEvent> out = c.offer(batch, T);
        assertEquals(List.of(Change.MOUNTED, Change.MOUNTED, Change.MOUNTED, Change.REMOUNTED_READ_ONLY, Change.NETWORK_MOUNT_LOST),
                out.stream().map(MountEvent::change).toList());
        MountEvent s = c.expire(T.plusSeconds(1)).getFirst();
        assertEquals(7, s.burst().total());
        assertEquals("/m", s.mountPoint());
    }

    @Test
    void aNeverEndingStreamYieldsOneSummaryPerMaxHold() {
        List<MountEvent> out = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Instant t = T.plusMillis(100L * i);  // 30 s of one change every 100 ms
            out.addAll(c.expire(t));
            out.addAll(c.offer(List.of(i % 2 == 0 ? mounted("/a/" + i) : unmounted("/b/" + i)), t));
        }
        out.addAll(c.expire(T.plusSeconds(60)));
        long singles = out.stream().filter(e -> e.change() != Change.BURST).count();
        List<MountEvent> summaries = out.stream().filter(e -> e.change() == Change.BURST).toList();
        assertEquals(3, singles);
        assertEquals(3, summaries.size(), "cut at 10 s, 20 s, then the quiet end");
        assertEquals(297, summaries.stream().mapToInt(e -> e.burst().total()).sum());
        assertEquals("/", summaries.getFirst().mountPoint(), "changes under /a and /b share only /");
        assertTrue(summaries.getFirst().burst().unmounted() > 0);
    }

    @Test
    void aLimitOfZeroSummarisesEverything() {
        MountBurstCoalescer all = new MountBurstCoalescer(0, Duration.ofMillis(200), Duration.ofSeconds(2));
        assertEquals(List.of(), all.offer(List.of(mounted("/x")), T));
        assertEquals(1, all.expire(T.plusMillis(200)).getFirst().burst().mounted());
    }

    @Test
    void commonDirectory() {
        assertEquals("/a/b", MountBurstCoalescer.commonDirectory("/a/b", "/a/b/c"));
        assertEquals("/a", MountBurstCoalescer.commonDirectory("/a/b", "/a/bc"));
        assertEquals("/", MountBurstCoalescer.commonDirectory("/a", "/b"));
        assertEquals("/", MountBurstCoalescer.parentOf("/media"));
    }

    private static MountEvent mounted(String point) {
        return new MountEvent(T, Change.MOUNTED, 1, point, null, "tmpfs", "t", "rw", null);
    }

    private static MountEvent unmounted(String point) {
        return new MountEvent(T, Change.UNMOUNTED, 1, point, null, "tmpfs", "t", "rw", null);
    }
}
