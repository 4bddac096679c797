package org.watchtray.nativeaccess.usb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.watchtray.core.usb.KernelLog;
import org.watchtray.core.usb.KmsgParser;
import org.watchtray.core.usb.KmsgRecord;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/** The real /dev/kmsg of this host: starting at the end means no replay; asking for a replay gets the buffer. */
class KmsgReaderTest {
    private static final Path KMSG = Path.of("/dev/kmsg");

    private static void log(String line) throws IOException {
        Files.writeString(KMSG, line + "\n", StandardCharsets.UTF_8); // a userspace record, facility 1
    }

    private static List<String> drain(KmsgReader reader) throws OsException {
        List<String> messages = new ArrayList<>();
        byte[] buf = new byte[KernelLog.MAX_RECORD];
        for (int n; (n = reader.read(buf)) != KernelLog.AGAIN; ) {
            if (n > 0) {
                messages.add(KmsgParser.parse(buf, n).map(KmsgRecord::message).orElseThrow());
            }
        }
        return messages;
    }

    @Test
    void startsAtTheEndUnlessAskedToReplay() throws Exception {
        Assumptions.assumeTrue(Files.isWritable(KMSG), "writing test lines needs root: /dev/kmsg is not writable here");
        String tag = "watchtray-kmsg-test " + UUID.randomUUID();
        log(tag + " before");
        try (KmsgReader fromEnd = KmsgReader.open(new LinuxLibc(), KMSG.toString(), false);
             KmsgReader replay = KmsgReader.open(new LinuxLibc(), KMSG.toString(), true)) {
            log(tag + " after");
            List<String> seen = drain(fromEnd);
            assertTrue(seen.stream().anyMatch(m -> m.endsWith(tag + " after")), seen.toString());
            assertFalse(seen.stream().anyMatch(m -> m.endsWith(tag + " before")), "replayed history: " + seen);
            List<String> all = drain(replay);
            assertTrue(all.stream().anyMatch(m -> m.endsWith(tag + " before")), "replay lacks the earlier line");
            assertTrue(drain(fromEnd).isEmpty(), "a drained reader has nothing more (EAGAIN)");
        }
    }
}
