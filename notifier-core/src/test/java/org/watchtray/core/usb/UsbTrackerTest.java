package org.watchtray.core.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.usb.UsbEvent.Change;
import org.watchtray.core.usb.KmsgParser;
import org.watchtray.core.usb.KmsgRecord;
import org.watchtray.core.usb.Uevent;
import org.watchtray.core.settings.Settings;

class UsbTrackerTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private final UsbTracker tracker = new UsbTracker(new Settings.Usb(Duration.ofSeconds(2)));

    private static Instant ms(long millis) {
        return T0.plusMillis(millis);
    }

    private static KmsgRecord kmsg(String text) {
        return KmsgParser.parse(text.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    private static Uevent usbDevice(String action, String devpath, String product) {
        return new Uevent(Uevent.Origin.KERNEL, action, devpath, Map.of("ACTION", action, "DEVPATH", devpath,
                "SUBSYSTEM", "usb", "DEVTYPE", "usb_device", "PRODUCT", product, "SEQNUM", "1"));
    }

    @Test
    void aDockBringingTwelveDevicesIsOneAddedEvent() {
        String[] ports = {"2-1", "2-1.1", "2-1.2", "2-1.3", "2-1.4", "2-1.1.1", "2-1.1.2", "2-1.1.3", "2-1.1.4", "2-1.2.1", "2-1.2.2", "2-1.4.1"};
        for (int i = 0; i < ports.length; i++) {
            tracker.uevent(usbDevice("add", "/devices/pci0000:00/0000:00:14.0/usb2/" + ports[i], "bda/5411/101"), i == 0 ? "Dock Hub" : "", ms(i * 300L));
            // interfaces and bind events of the same devices are not devices
            tracker.uevent(new Uevent(Uevent.Origin.KERNEL, "add", "/devices/x/usb2/" + ports[i] + "/" + ports[i] + ":1.0",
                    Map.of("SUBSYSTEM", "usb", "DEVTYPE", "usb_interface")), "", ms(i * 300L));
        }
        assertEquals(List.of(), tracker.flush(ms(3000)));                  // still within the quiet window
        assertEquals(Optional.of(ms(3300 + 2000)), tracker.nextFlush());
        List<UsbEvent> out = tracker.flush(ms(5300));
        assertEquals(1, out.size());
        UsbEvent e = out.get(0);
        assertEquals(Change.ADDED, e.change());
        assertEquals(12, e.count());
        assertEquals("2-1", e.port());                                     // the dock's port
        assertEquals("12 USB devices connected", EnglishSummary.of(e));
        assertTrue(e.message().startsWith("2-1 (Dock Hub), 2-1.1 (0bda:5411)"), e.message());
        assertEquals(Optional.empty(), tracker.nextFlush());
    }

    @Test
    void fiftyIdenticalErrorsInASecondAreOneEventWithACountAndThePortIsFailing() {
        for (int i = 0; i < 50; i++) {
            tracker.kmsg(kmsg("3," + (100 + i) + ",5000,-;usb 3-2: device descriptor read/64, error -71\n SUBSYSTEM=usb\n DEVICE=+usb:3-2\n"), ms(i * 20L));
        }
        List<UsbEvent> out = tracker.flush(ms(980 + 2000));
        assertEquals(List.of(Change.ENUMERATION_ERROR, Change.PORT_FAILING), out.stream().map(UsbEvent::change).toList());
        UsbEvent error = out.get(0);
        assertEquals(50, error.count());
        assertEquals(-71, error.errno());
        assertEquals("3-2", error.port());
        assertEquals(50, error.portFailures());
        assertEquals("USB 3-2: device descriptor read error (-71) \u00d750", EnglishSummary.of(error));
        assertEquals("USB 3-2 keeps failing (50 errors)", EnglishSummary.of(out.get(1)));
        assertEquals(out, tracker.recentErrors());
    }

    @Test
    void differentErrorsOnOnePortStaySeparate() {
        tracker.kmsg(kmsg("3,1,1,-;usb 1-4: device descriptor read/64, error -71\n SUBSYSTEM=usb\n DEVICE=+usb:1-4\n"), ms(0));
        tracker.kmsg(kmsg("3,2,2,-;usb 1-4: device not accepting address 5, error -110\n SUBSYSTEM=usb\n DEVICE=+usb:1-4\n"), ms(10));
        tracker.kmsg(kmsg("3,3,3,-;usb usb1-port4: unable to enumerate USB device\n"), ms(20)); // port device: no dictionary
        List<UsbEvent> out = tracker.flush(ms(5000));
        assertEquals(List.of(Change.ENUMERATION_ERROR, Change.ENUMERATION_ERROR, Change.CANNOT_ENUMERATE),
                out.stream().map(UsbEvent::change).toList());
        assertEquals(-110, out.get(1).errno());
        assertEquals("1-4", out.get(2).port());
        assertEquals(3, out.get(2).portFailures());
    }

    @Test
    void anUnplugIsOneRemovedEventNamingTheProduct() {
        // lab capture order: add uevent, then (later) kmsg "USB disconnect" and the remove uevent
        tracker.uevent(usbDevice("add", "/devices/platform/dummy_hcd.0/usb1/1-1", "1d6b/104/0"), "Test Stick", ms(0));
        assertEquals("USB 1-1 (Test Stick) connected", EnglishSummary.of(tracker.flush(ms(2000)).get(0)));
        tracker.kmsg(kmsg(KmsgSamples.USB_DISCONNECT), ms(3000));
        tracker.uevent(usbDevice("remove", "/devices/platform/dummy_hcd.0/usb1/1-1", "1d6b/104/0"), "", ms(3050));
        List<UsbEvent> out = tracker.flush(ms(6000));
        assertEquals(1, out.size());
        assertEquals(Change.REMOVED, out.get(0).change());
        assertEquals("USB 1-1 (Test Stick) removed", EnglishSummary.of(out.get(0)));
    }

    @Test
    void aRemoveUeventLaterThanTheBurstWindowStillMakesOneEvent() {
        // Seen in the kernel lab under load: usb-storage took 800 ms to let go, with a burst window of 500 ms.
        UsbTracker quick = new UsbTracker(new Settings.Usb(Duration.ofMillis(500)));
        quick.uevent(usbDevice("add", "/devices/platform/dummy_hcd.0/usb1/1-1", "1d6b/104/0"), "Test Stick", ms(0));
        quick.flush(ms(1000));
        quick.kmsg(kmsg(KmsgSamples.USB_DISCONNECT), ms(2000));
        assertEquals(List.of(), quick.flush(ms(2800)), "the disconnect waits for its uevent");
        quick.uevent(usbDevice("remove", "/devices/platform/dummy_hcd.0/usb1/1-1", "1d6b/104/0"), "", ms(2800));
        assertEquals(List.of("USB 1-1 (Test Stick) removed"), quick.flush(ms(4000)).stream().map(EnglishSummary::of).toList());
    }

    @Test
    void aKernelLogDisconnectAloneStillCounts() {
        tracker.kmsg(kmsg(KmsgSamples.USB_DISCONNECT), ms(0));
        assertEquals(List.of(), tracker.flush(ms(2000)), "its uevent may still come");
        List<UsbEvent> out = tracker.flush(ms(0).plus(UsbTracker.REMOVE_GRACE));
        assertEquals(Change.DISCONNECT, out.get(0).change());
    }

    @Test
    void repeatedUnplugsOfOnePortAreADisconnectStorm() {
        for (int i = 0; i < 3; i++) {
            tracker.uevent(usbDevice("add", "/devices/x/usb1/1-2", "46d/c52b/1211"), "Receiver", ms(i * 10_000L));
            tracker.kmsg(kmsg(KmsgSamples.USB_DISCONNECT.replace("1-1", "1-2")), ms(i * 10_000L + 5000));
            tracker.uevent(usbDevice("remove", "/devices/x/usb1/1-2", "46d/c52b/1211"), "", ms(i * 10_000L + 5010));
        }
        List<UsbEvent> out = tracker.flush(ms(60_000));
        assertTrue(out.stream().anyMatch(e -> e.change() == Change.DISCONNECT_STORM && e.port().equals("1-2")
                && EnglishSummary.of(e).equals("USB 1-2 (Receiver) keeps disconnecting")), out.toString());
        assertEquals(1, out.stream().filter(e -> e.change() == Change.DISCONNECT_STORM).count());
    }

    @Test
    void aNeverEndingStormIsStillReportedAfterTenWindows() {
        List<UsbEvent> out = new java.util.ArrayList<>();
        for (int i = 0; i <= 40; i++) {
            out.addAll(tracker.flush(ms(i * 1000L)));
            tracker.kmsg(kmsg("3,1,1,-;usb 1-1: reset high-speed USB device number 2 using xhci_hcd\n SUBSYSTEM=usb\n DEVICE=c189:1\n"), ms(i * 1000L));
        }
        List<UsbEvent> resets = out.stream().filter(e -> e.change() == Change.RESET).toList();
        assertEquals(2, resets.size());                           // at 20 s and 40 s, though never quiet
        assertEquals(20, resets.get(0).count());
        assertEquals(ms(0), resets.get(0).time());
        assertEquals(1, out.stream().filter(e -> e.change() == Change.PORT_FAILING).count());
    }

    @Test
    void overCurrentFromTheHubsChangeUevent() {
        tracker.uevent(new Uevent(Uevent.Origin.KERNEL, "change", "/devices/x/usb1/1-0:1.0", Map.of("SUBSYSTEM", "usb",
                "DEVTYPE", "usb_interface", "OVER_CURRENT_PORT", "usb1-port2", "OVER_CURRENT_COUNT", "4")), "", ms(0));
        UsbEvent e = tracker.flush(ms(2000)).get(0);
        assertEquals(Change.OVER_CURRENT, e.change());
        assertEquals("1-2", e.port());
        assertEquals("over-current, 4 so far on this port", e.message());
    }
}
