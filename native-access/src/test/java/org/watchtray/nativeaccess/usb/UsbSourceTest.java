package org.watchtray.nativeaccess.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.core.source.EventLoop;

/** UsbSource on this host's real /dev/kmsg and uevent socket (the USB devices themselves are tested in the kernel lab). */
class UsbSourceTest {
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private EventLoop poller;
    private UsbSource source;

    private SourceStatus start(UsbSource.Options options) throws Exception {
        poller = new EventLoop(new LinuxLibc(), Clock.systemUTC(), events::addAll, line -> { });
        source = new UsbSource(new LinuxLibc(), new Settings.Usb(Duration.ofMillis(100)), options);
        poller.add(source);
        poller.start();
        return awaitStarted();
    }

    private SourceStatus awaitStarted() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            SourceStatus s = poller.statuses().get(0);
            if (!s.reason().equals("not started yet")) {
                return s;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("source did not start");
    }

    /** Lets the backend run everything queued so far, then waits past the burst window. */
    private void settle() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        poller.execute(done::countDown);
        assertTrue(done.await(5, TimeUnit.SECONDS));
        Thread.sleep(300);
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
        // Formatted like hub.c's port message, which carries no dictionary; written by us it is facility 1 (user).
        Files.writeString(Path.of("/dev/kmsg"), "<3>usb usb1-port3: over-current condition\n");
        settle();
        assertEquals(List.of(), events.stream().filter(e -> e instanceof UsbEvent).toList());
    }

    @Test
    void aResyncAnnouncesDevicesThatCameAndWentUnseen(@TempDir Path sys) throws Exception {
        Path devices = Files.createDirectories(sys.resolve("bus/usb/devices"));
        Files.createDirectories(devices.resolve("1-1"));
        Files.writeString(devices.resolve("1-1/product"), "Keyboard\n");
        Files.createDirectories(devices.resolve("1-1:1.0"));          // an interface, not a device
        start(new UsbSource.Options(sys.resolve("no-kmsg").toString(), false, sys));
        settle();
        assertEquals(List.of(), events.stream().filter(e -> e instanceof UsbEvent).toList(), "devices present at start are not announced");
        Files.delete(devices.resolve("1-1/product"));
        Files.delete(devices.resolve("1-1"));
        Files.createDirectories(devices.resolve("2-3"));
        Files.writeString(devices.resolve("2-3/idVendor"), "046d\n");
        Files.writeString(devices.resolve("2-3/idProduct"), "c52b\n");
        poller.execute(source::resync);
        settle();
        List<String> got = events.stream().filter(e -> e instanceof UsbEvent).map(Event::summary).toList();
        assertTrue(got.contains("USB 2-3 (046d:c52b) connected") && got.contains("USB 1-1 (Keyboard) removed"), got.toString());
    }
}
