package org.watchtray.nativeaccess.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.time.SystemZone;
import org.watchtray.core.testing.TimedatectlLink;
import org.watchtray.core.time.ZoneWatch;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/** core.time.ZoneWatch over the real kernel's inotify: a localtime link in a temp dir replaced as timedatectl replaces it. */
class ZoneWatchTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @TempDir
    Path etc;

    private void setTimezone(ZoneId zone) throws IOException {
        TimedatectlLink.set(etc, zone);
    }

    @Test
    void eachReplacementByAnotherZoneIsHeardOnceAndTheSameZoneNotAtAll() throws Exception {
        setTimezone(BERLIN);
        SystemZone zone = TimedatectlLink.following(etc, BERLIN);
        BlockingQueue<ZoneId> heard = new LinkedBlockingQueue<>();
        zone.listen(heard::add);
        try (ZoneWatch watch = ZoneWatch.start(new LinuxLibc(), zone)) {
            Files.writeString(etc.resolve("hostname"), "elsewhere");   // another file in the directory: not ours
            setTimezone(BERLIN);                                       // the same zone: nothing to tell
            setTimezone(NEW_YORK);
            assertEquals(NEW_YORK, heard.poll(10, TimeUnit.SECONDS));
            setTimezone(BERLIN);                                       // the barrier: anything wrongly heard before came first
            assertEquals(BERLIN, heard.poll(10, TimeUnit.SECONDS));
            assertEquals(BERLIN, zone.clock().getZone());

            // A hand-made change: rm, then ln -s (the moment without a file changes nothing).
            Files.delete(etc.resolve("localtime"));
            Files.createSymbolicLink(etc.resolve("localtime"), Path.of("/usr/share/zoneinfo/Asia/Tokyo"));
            assertEquals(ZoneId.of("Asia/Tokyo"), heard.poll(10, TimeUnit.SECONDS));
        }
        assertNull(heard.poll(), "nothing heard twice");
        assertEquals(java.util.List.of(), Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("watchtray-zone")).toList(),
                "closed: its thread has ended");
    }
}
