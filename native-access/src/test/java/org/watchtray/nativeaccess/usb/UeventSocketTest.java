package org.watchtray.nativeaccess.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.watchtray.core.usb.Uevent;
import org.watchtray.core.usb.UeventParser;
import org.watchtray.core.usb.Uevents;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/** A synthetic uevent ("change UUID KEY=VALUE" written to a device's uevent file) arrives on this host's netlink socket. */
class UeventSocketTest {
    private static final Path NULL_UEVENT = Path.of("/sys/devices/virtual/mem/null/uevent");

    @Test
    void receivesAKernelUeventWithItsProperties() throws Exception {
        Assumptions.assumeTrue(Files.isWritable(NULL_UEVENT), "triggering a uevent needs root: " + NULL_UEVENT + " is not writable");
        String uuid = UUID.randomUUID().toString();
        List<Uevent> got = new ArrayList<>();
        try (UeventSocket socket = UeventSocket.open(new LinuxLibc())) {
            Files.writeString(NULL_UEVENT, "change " + uuid + " WATCHTRAY=test");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (got.stream().noneMatch(u -> uuid.equals(u.get("SYNTH_UUID"))) && System.nanoTime() < deadline) {
                byte[] buf = new byte[Uevents.MAX_DATAGRAM];
                for (int n; (n = socket.receive(buf)) != Uevents.AGAIN; ) {
                    if (n > 0) {
                        got.add(UeventParser.parse(buf, n).orElseThrow());
                    }
                }
                Thread.sleep(20);
            }
        }
        Uevent u = got.stream().filter(e -> uuid.equals(e.get("SYNTH_UUID"))).findFirst().orElseThrow(() -> new AssertionError("no uevent: " + got));
        assertEquals(Uevent.Origin.KERNEL, u.origin());
        assertEquals("change", u.action());
        assertEquals("/devices/virtual/mem/null", u.devpath());
        assertEquals("mem", u.subsystem());
        assertEquals("test", u.get("SYNTH_ARG_WATCHTRAY"));
        assertTrue(u.seqnum() > 0);
    }
}
