package org.watchtray.nativeaccess.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.lab.KernelLab;

/**
 * KEYRING caches on a kernel with the notification queue (the lab VM): renewal, a new cache
 * and kdestroy are seen within seconds although the fallback re-read interval is 10 minutes,
 * and the status names the queue. One VM boot with its own KDC.
 */
class KeyringNotificationLabTest {

    @Test
    void keyringChangesArriveThroughKeyWatches() throws Exception {
        KernelLab.Result r = KernelLab.java(null, KeyringNotificationScenario.class, 120);
        assertEquals(0, r.exitCode(), r.describe());
        System.out.println(r.describe()); // the TIMING lines and the VM's wall and boot time, for the report
        List<String[]> lines = r.output().lines().map(l -> l.split("\t")).toList();
        String status = value(lines, "STATUS", 2, r);
        assertTrue(status.startsWith("kerberos: ") && status.contains("KEYRING caches watched on the notification queue (KEYCTL_WATCH_KEY)"),
                status);
        assertEquals("ACTIVE", value(lines, "STATUS", 1, r), status);
        assertEquals("true", value(lines, "RENEW", 1, r), r.describe());
        for (String fact : List.of("RENEWED_AFTER_MS", "ACQUIRED_AFTER_MS", "DESTROYED_AFTER_MS")) {
            long ms = Long.parseLong(value(lines, fact, 1, r));
            assertTrue(ms < 5_000, fact + " " + ms + " ms: not a notification (the fallback interval is 10 min)\n" + r.describe());
        }
        // (5-minute tickets also get the default 5-minute warning, after each of these.)
        List<String> events = lines.stream().filter(l -> l[0].equals("EVENT") && !l[1].equals("expires_soon")).map(l -> l[1] + " " + l[2]).toList();
        assertEquals(List.of("renewed alice@WATCHTRAY.TEST", "acquired bob@WATCHTRAY.TEST", "destroyed bob@WATCHTRAY.TEST"), events, r.describe());
    }

    private static String value(List<String[]> lines, String tag, int index, KernelLab.Result r) {
        return lines.stream().filter(l -> l[0].equals(tag) && l.length > index).map(l -> l[index]).findFirst()
                .orElseThrow(() -> new AssertionError("no " + tag + " line\n" + r.describe()));
    }
}
