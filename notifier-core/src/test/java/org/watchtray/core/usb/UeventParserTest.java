package org.watchtray.core.usb;

import org.watchtray.core.parse.Parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

public class UeventParserTest {

    /** A kernel (group 1) datagram for a USB stick plugged into dummy_hcd in the kernel lab. */
    public static byte[] kernelAdd() {
        return nul(
                "add@/devices/platform/dummy_hcd.0/usb1/1-1",        // ACTION@DEVPATH header
                "ACTION=add",
                "DEVPATH=/devices/platform/dummy_hcd.0/usb1/1-1",
                "SUBSYSTEM=usb",
                "MAJOR=189", "MINOR=1",                               // char 189, (bus-1)*128 + dev-1
                "DEVNAME=bus/usb/001/002",
                "DEVTYPE=usb_device",
                "PRODUCT=1d6b/104/0",                                 // vid/pid/bcdDevice in hex
                "TYPE=0/0/0",                                         // class/subclass/protocol, decimal
                "BUSNUM=001", "DEVNUM=002",
                "SEQNUM=1180");                                       // always last
    }

    /** NUL-terminated strings back to back, as the kernel sends them. */
    static byte[] nul(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : parts) {
            out.writeBytes(p.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    @Test
    void parsesAKernelUsbAdd() {
        Uevent u = UeventParser.parse(kernelAdd()).orElseThrow();
        assertEquals(Uevent.Origin.KERNEL, u.origin());
        assertEquals("add", u.action());
        assertEquals("/devices/platform/dummy_hcd.0/usb1/1-1", u.devpath());
        assertEquals("usb", u.subsystem());
        assertEquals("usb_device", u.devtype());
        assertEquals("1d6b/104/0", u.get("PRODUCT"));
        assertEquals(1180, u.seqnum());
        assertEquals("1-1", u.deviceName());
        assertEquals(12, u.properties().size());
    }

    @Test
    void takesTheHeaderWhenPropertiesLackActionAndDevpath() {
        Uevent u = UeventParser.parse(nul("remove@/devices/x/usb2/2-3", "SUBSYSTEM=usb")).orElseThrow();
        assertEquals("remove", u.action());
        assertEquals("2-3", u.deviceName());
        assertEquals(-1, u.seqnum());
    }

    @Test
    void toleratesAMissingFinalNul() {
        byte[] d = kernelAdd();
        assertEquals(1180, UeventParser.parse(d, d.length - 1).orElseThrow().seqnum());
    }

    @Test
    void parsesUdevFraming() {
        byte[] props = nul("ACTION=change", "DEVPATH=/devices/pci0000:00/usb3/3-2", "SUBSYSTEM=usb",
                "DEVTYPE=usb_device", "ID_MODEL=Stick", "SEQNUM=77");
        ByteBuffer b = ByteBuffer.allocate(40 + props.length);
        b.put("libudev\0".getBytes(StandardCharsets.US_ASCII));       // 0: prefix
        b.order(ByteOrder.BIG_ENDIAN).putInt(0xFEEDCAFE);              // 8: magic, big-endian
        b.order(ByteOrder.nativeOrder()).putInt(40);                   // 12: header_size, host order
        b.putInt(40);                                                  // 16: properties_off
        b.putInt(props.length);                                        // 20: properties_len
        b.order(ByteOrder.BIG_ENDIAN).putInt(0x1234).putInt(0).putInt(0).putInt(0); // 24..39: filter hashes
        b.put(props);
        Uevent u = UeventParser.parse(b.array()).orElseThrow();
        assertEquals(Uevent.Origin.UDEV, u.origin());
        assertEquals("change", u.action());
        assertEquals("3-2", u.deviceName());
        assertEquals("Stick", u.get("ID_MODEL"));
    }

    @Test
    void rejectsBadUdevHeaders() {
        byte[] shortOne = "libudev\0short".getBytes(StandardCharsets.US_ASCII);
        assertInstanceOf(Parsed.Malformed.class, UeventParser.parse(shortOne));
        ByteBuffer b = ByteBuffer.allocate(48);
        b.put("libudev\0".getBytes(StandardCharsets.US_ASCII)).putInt(0xCAFEFEED); // wrong magic
        assertInstanceOf(Parsed.Malformed.class, UeventParser.parse(b.array()));
        ByteBuffer c = ByteBuffer.allocate(48);
        c.put("libudev\0".getBytes(StandardCharsets.US_ASCII)).putInt(0xFEEDCAFE);
        c.order(ByteOrder.nativeOrder()).putInt(40).putInt(40).putInt(100);       // length past the end
        assertInstanceOf(Parsed.Malformed.class, UeventParser.parse(c.array()));
    }

    @Test
    void rejectsKernelDatagramsWithoutAProperHeaderOrProperties() {
        assertInstanceOf(Parsed.Malformed.class, UeventParser.parse(nul("no-at-sign", "A=b")));
        assertInstanceOf(Parsed.Malformed.class, UeventParser.parse("add@/x".getBytes(StandardCharsets.US_ASCII))); // no NUL
        assertInstanceOf(Parsed.Malformed.class, UeventParser.parse(nul("add@/x", "NOEQUALS")));
        assertInstanceOf(Parsed.Malformed.class, UeventParser.parse(nul("@/x", "A=b")));
    }
}
