package org.watchtray.fuzz.targets;

import java.util.List;
import org.watchtray.core.usb.UeventParser;
import org.watchtray.fuzz.Fixtures;
import org.watchtray.fuzz.Target;

/** A NETLINK_KOBJECT_UEVENT datagram, kernel ("add@/devices/…") or libudev format: Ok or Malformed. */
public final class Uevent implements Target {
    @Override
    public String name() {
        return "uevent";
    }

    @Override
    public List<byte[]> seeds() {
        byte[] udev = new byte[64];
        System.arraycopy(Fixtures.utf8("libudev\0"), 0, udev, 0, 8);
        return List.of(Fixtures.of("org.watchtray.core.usb.UeventParserTest", "kernelAdd"), udev);
    }

    @Override
    public List<byte[]> dictionary() {
        return List.of(Fixtures.utf8("\0SUBSYSTEM=usb\0"), Fixtures.utf8("ACTION=remove\0"), Fixtures.utf8("DEVTYPE=usb_device\0"),
                Fixtures.utf8("SEQNUM=18446744073709551616\0"), Fixtures.utf8("libudev\0"), new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xde, (byte) 0xd1});
    }

    @Override
    public void run(byte[] input) {
        UeventParser.parse(input);
    }
}
