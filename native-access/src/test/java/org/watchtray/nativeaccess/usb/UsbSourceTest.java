package org.watchtray.nativeaccess.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.watchtray.core.event.EnglishSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.os.OsException;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.EventLoop;
import org.watchtray.core.source.NextDeadline;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.usb.KernelLog;
import org.watchtray.core.parse.Parsed;
import org.watchtray.core.usb.KmsgParser;
import org.watchtray.core.usb.KmsgRecord;
import org.watchtray.core.usb.UsbDecisions;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.usb.UsbReading;
import org.watchtray.core.usb.UsbSource;
import org.watchtray.nativeaccess.NativeAccess;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/**
 * UsbSource on this host's real /dev/kmsg and uevent socket (the USB devices themselves are
 * tested in the kernel lab), its readings decided as a desktop decides them ({@link UsbDecisions}).
 */
class UsbSourceTest {
    private static final NativeAccess NATIVE = NativeAccess.linux();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<UsbReading> readings = new CopyOnWriteArrayList<>();
    /** Every message the source read from the kernel log, forwarded or not. */
    private final List<String> read = new CopyOnWriteArrayList<>();
    private EventLoop poller;
    private UsbSource source;

    private SourceStatus start(UsbSource.Options options) throws Exception {
        UsbDecisions decisions = new UsbDecisions(new Settings.Usb(Duration.ofMillis(100)));
        NextDeadline flush = new NextDeadline();
        poller = new EventLoop(new LinuxLibc(), Clock.systemUTC(), events::addAll);
        source = new UsbSource(recording(NATIVE.kernelLog()), NATIVE.uevents(), options, (reading, ctx) -> {
            readings.add(reading);
            decisions.accept(reading).forEach(ctx::emit);
            release(decisions, flush, ctx);
        });
        poller.add(source);
        poller.start();
        return awaitStarted();
    }

    private static void release(UsbDecisions decisions, NextDeadline flush, SourceContext ctx) {
        decisions.flush(ctx.clock().instant()).forEach(ctx::emit);
        flush.set(ctx, decisions.nextFlush().orElse(null), () -> release(decisions, flush, ctx));
    }

    /** The real kernel log, noting each record it hands the source: the barrier for negative checks. */
    private KernelLog.Opener recording(KernelLog.Opener real) {
        return (path, replay) -> {
            KernelLog log = real.open(path, replay);
            return new KernelLog() {
                @Override
                public int fd() {
                    return log.fd();
                }

                @Override
                public int read(byte[] buf) throws OsException {
                    int n = log.read(buf);
                    if (n > 0 && KmsgParser.parse(buf, n) instanceof Parsed.Ok<KmsgRecord> ok) {
                        read.add(ok.value().message());
                    }
                    return n;
                }

                @Override
                public void close() {
                    log.close();
                }
            };
        };
    }

    private SourceStatus awaitStarted() throws InterruptedException {
        fence();
        return poller.statuses().get(0);
    }

    /** Every task queued before this one has run on the backend thread. */
    private void fence() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        poller.execute(done::countDown);
        assertTrue(done.await(10, TimeUnit.SECONDS));
    }

    private <T> void await(List<T> list, Predicate<List<T>> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.test(list)) {
            assertTrue(System.nanoTime() < deadline, () -> "timed out; have " + list);
            Thread.sleep(10);
        }
    }

    @AfterEach
    void close() {
        if (poller != null) {
            poller.close();
        }
    }

    @Test
    void readsTheKernelLogAndUeventsWhenPrivileged() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/dev/kmsg")), "reading /dev/kmsg needs CAP_SYSLOG here");
        SourceStatus s = start(UsbSource.Options.DEFAULT);
        assertEquals(SourceStatus.active(SourceId.USB, "/dev/kmsg records with SUBSYSTEM=usb + NETLINK_KOBJECT_UEVENT group 1"), s);
    }

    @Test
    void withoutTheKernelLogItRunsOnUeventsAndSaysWhy(@TempDir Path dir) throws Exception {
        SourceStatus s = start(new UsbSource.Options(dir.resolve("kmsg").toString(), false, Path.of("/sys")));
        assertEquals(SourceStatus.State.DEGRADED, s.state());
        assertEquals("NETLINK_KOBJECT_UEVENT group 1 only (plug, unplug, over-current)", s.mechanism());
        assertEquals(dir.resolve("kmsg") + ": ENOENT", s.reason());
    }

    @Test
    void ignoresUsbLookingLinesThatAProcessWroteToTheKernelLog() throws Exception {
        Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/kmsg")), "writing to /dev/kmsg needs root");
        start(UsbSource.Options.DEFAULT);
        readings.clear(); // the devices present at start
        // Formatted like hub.c's port message, which carries no dictionary; written by us it is facility 1 (user).
        Files.writeString(Path.of("/dev/kmsg"), "<3>usb usb1-port3: over-current condition\n", StandardCharsets.UTF_8);
        String barrier = "watchtray-usb-test barrier " + UUID.randomUUID();
        Files.writeString(Path.of("/dev/kmsg"), barrier + "\n", StandardCharsets.UTF_8);
        await(read, r -> r.contains(barrier));   // the source read the fake line, then the barrier, in order
        fence();                                 // and finished the pass in which it read them
        assertTrue(read.contains("usb usb1-port3: over-current condition"), read.toString());
        assertEquals(List.of(), readings, "a line a process wrote is not the kernel's: it does not leave the agent");
        assertEquals(List.of(), events.stream().filter(e -> e instanceof UsbEvent).toList());
    }

    @Test
    void aResyncAnnouncesDevicesThatCameAndWentUnseen(@TempDir Path sys) throws Exception {
        Path devices = Files.createDirectories(sys.resolve("bus/usb/devices"));
        Files.createDirectories(devices.resolve("1-1"));
        Files.writeString(devices.resolve("1-1/product"), "Keyboard\n");
        Files.createDirectories(devices.resolve("1-1:1.0"));          // an interface, not a device
        start(new UsbSource.Options(sys.resolve("no-kmsg").toString(), false, sys));
        assertEquals(List.of(new UsbReading.Devices(readings.getFirst().time(), java.util.Map.of("1-1", "Keyboard"))), readings);
        Files.delete(devices.resolve("1-1/product"));
        Files.delete(devices.resolve("1-1"));
        Files.createDirectories(devices.resolve("2-3"));
        Files.writeString(devices.resolve("2-3/idVendor"), "046d\n");
        Files.writeString(devices.resolve("2-3/idProduct"), "c52b\n");
        poller.execute(source::resync);
        await(events, e -> e.stream().filter(x -> x instanceof UsbEvent).count() >= 2);
        fence();
        List<String> got = events.stream().filter(e -> e instanceof UsbEvent).map(EnglishSummary::of).toList();
        // Had the devices present at start been announced, "USB 1-1 (Keyboard) connected" would come first.
        assertEquals(List.of("USB 2-3 (046d:c52b) connected", "USB 1-1 (Keyboard) removed"), got);
    }
}
