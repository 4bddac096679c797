package org.watchtray.app.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.mounts.MountEvent;

/** A mount burst summary survives the history: its counts, start and examples (hostile names included). */
class MountBurstCodecTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void aBurstSummaryRoundTrips() {
        Instant t = Instant.parse("2026-01-01T10:00:02Z");
        MountEvent burst = new MountEvent(t, MountEvent.Change.BURST, 0, "/run/ctr", null, "tmpfs", null, null, null,
                new MountEvent.Burst(t.minusSeconds(2), 30, 7, 1, List.of("/run/ctr/a b", "/run/ctr/new\nline")));
        EventCodec.Encoded e = codec.encode(burst);
        assertEquals(burst, codec.decode(e.kind(), t, e.details(), null));
    }

    @Test
    void aSingleChangeStillRoundTrips() {
        Instant t = Instant.parse("2026-01-01T10:00:02Z");
        MountEvent ro = new MountEvent(t, MountEvent.Change.REMOUNTED_READ_ONLY, 28, "/home", null, "ext4", "/dev/vdb",
                "ro,relatime,errors=remount-ro,emergency_ro", "rw,relatime,errors=remount-ro");
        EventCodec.Encoded e = codec.encode(ro);
        assertEquals(ro, codec.decode(e.kind(), t, e.details(), null));
    }
}
