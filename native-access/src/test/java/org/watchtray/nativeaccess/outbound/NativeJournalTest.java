package org.watchtray.nativeaccess.outbound;

import org.watchtray.nativeaccess.NativeAccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.watchtray.core.journal.Delivery;
import org.watchtray.core.journal.JournalField;
import org.watchtray.core.journal.JournalSink;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.nativeaccess.libc.Structs;
import org.watchtray.nativeaccess.lab.PrivateJournald;

/** The native-protocol sink against a real systemd-journald in a private namespace. */
class NativeJournalTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final PrivateJournald.PerClass JOURNALD = new PrivateJournald.PerClass("wt-native-test");

    private static List<JournalField> entry(String tag, String message, JournalField... more) {
        List<JournalField> fields = new ArrayList<>(List.of(new JournalField("MESSAGE", message),
                new JournalField("SYSLOG_IDENTIFIER", "wt-native-test"), new JournalField("WT_TAG", tag)));
        fields.addAll(List.of(more));
        return fields;
    }

    @Test
    void fieldsArriveByteForByteEvenWithNewlinesAndShellText() throws Exception {
        String hostile = "line one\nline two $(rm -rf /) `id` 'single' \"double\" \\ \u00e9\u4e2d \u001b[31m";
        try (JournalSink sink = NativeAccess.linux().journal(JOURNALD.get().socket(), JournalSink.SEND_TIMEOUT)) {
            assertEquals(Delivery.SENT, sink.send(entry("hostile", "summary with\nnewline", new JournalField("WATCHTRAY_DESCRIPTION", hostile),
                    new JournalField("WATCHTRAY_EMPTY", ""))));
        }
        Map<String, String> e = JOURNALD.get().await(l -> l.size() == 1, WAIT, "WT_TAG=hostile").getFirst();
        assertEquals("summary with\nnewline", e.get("MESSAGE"));
        assertEquals(hostile, e.get("WATCHTRAY_DESCRIPTION"));
        assertEquals("", e.get("WATCHTRAY_EMPTY"));
        assertEquals("wt-native-test", e.get("_HOSTNAME"), "journald's own hostname");
        assertEquals(Long.toString(ProcessHandle.current().pid()), e.get("_PID"), "journald saw our credentials");
        assertEquals("journal", e.get("_TRANSPORT"), "the native protocol, not syslog or stdout");
    }

    @Test
    void anEntryLargerThanADatagramGoesAsASealedMemfd() throws Exception {
        // 4 MiB: far above the socket's send buffer (wmem_default), so sendmsg says EMSGSIZE first.
        String big = "0123456789abcdef".repeat(256 * 1024);
        try (JournalSink sink = NativeAccess.linux().journal(JOURNALD.get().socket(), JournalSink.SEND_TIMEOUT)) {
            assertEquals(Delivery.SENT, sink.send(entry("big", "big entry", new JournalField("WATCHTRAY_BIG", big + "\nend"))));
        }
        Map<String, String> e = JOURNALD.get().await(l -> l.size() == 1, WAIT, "WT_TAG=big").getFirst();
        String got = e.get("WATCHTRAY_BIG");
        assertEquals((big + "\nend").length(), got.length());
        assertTrue(got.equals(big + "\nend"), "4 MiB value arrived changed");
    }

    @Test
    void aMissingSocketIsAbsentWithItsErrno() throws Exception {
        Path nowhere = Files.createTempDirectory("no-journal").resolve("socket");
        try (JournalSink sink = NativeAccess.linux().journal(nowhere, JournalSink.SEND_TIMEOUT)) {
            Delivery d = sink.send(entry("x", "nobody hears this"));
            assertEquals(Delivery.Outcome.ABSENT, d.outcome());
            assertTrue(d.detail().startsWith("sendmsg on " + nowhere + ": ENOENT"), d.detail());
        } finally {
            Files.delete(nowhere.getParent());
        }
    }

    @Test
    void aStaleSocketFileIsAbsentWithConnectionRefused() throws Exception {
        Path dir = Files.createTempDirectory("stale-journal");
        Path stale = dir.resolve("socket");
        LinuxLibc libc = new LinuxLibc();
        int fd = libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(Structs.SOCKADDR_UN);
            addr.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_UNIX);
            MemorySegment.copy(arena.allocateFrom(stale.toString()), 0, addr, Structs.SOCKADDR_UN_PATH, stale.toString().length());
            libc.bind(fd, addr, (int) Structs.SOCKADDR_UN.byteSize(), stale.toString());
        } finally {
            libc.close(fd); // the file stays, nobody is bound to it: a journald that died
        }
        try (JournalSink sink = NativeAccess.linux().journal(stale, JournalSink.SEND_TIMEOUT)) {
            Delivery d = sink.send(entry("x", "nobody hears this"));
            assertEquals(Delivery.Outcome.ABSENT, d.outcome());
            assertTrue(d.detail().contains("ECONNREFUSED"), d.detail());
        } finally {
            Files.delete(stale);
            Files.delete(dir);
        }
    }

    @Test
    void aStalledJournaldMakesSendsBusyAfterTheTimeoutNeverLongerThenTakesEntriesAgain() throws Exception {
        Duration timeout = Duration.ofMillis(200);
        try (JournalSink sink = NativeAccess.linux().journal(JOURNALD.get().socket(), timeout)) {
            JOURNALD.get().pause();
            Delivery last = Delivery.SENT;
            int sent = 0;
            long slowest = 0;
            try {
                for (int i = 0; i < 10_000 && last.sent(); i++) {
                    long t0 = System.nanoTime();
                    last = sink.send(entry("flood", "flood " + i));
                    slowest = Math.max(slowest, System.nanoTime() - t0);
                    sent += last.sent() ? 1 : 0;
                }
            } finally {
                JOURNALD.get().resume();
            }
            assertEquals(Delivery.Outcome.BUSY, last.outcome(), "a stopped journald's queue fills up");
            assertTrue(last.detail().contains("EAGAIN"), last.detail());
            System.out.printf("journal: %d datagrams queued in a stopped journald before EAGAIN; slowest send %.0f ms (timeout %d ms)%n",
                    sent, slowest / 1e6, timeout.toMillis());
            assertTrue(slowest >= timeout.toNanos() * 9 / 10, "the failing send waited for room first: " + slowest / 1_000_000 + " ms");
            assertTrue(slowest < timeout.toNanos() + 2_000_000_000L, "and not much longer: " + slowest / 1_000_000 + " ms");
            int queued = sent;
            JOURNALD.get().await(l -> l.size() == queued, WAIT, "WT_TAG=flood");
            assertEquals(Delivery.SENT, sink.send(entry("after", "after the stall")));
            JOURNALD.get().await(l -> l.size() == 1, WAIT, "WT_TAG=after");
        }
    }
}
