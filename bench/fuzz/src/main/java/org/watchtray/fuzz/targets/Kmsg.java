package org.watchtray.fuzz.targets;

import java.util.List;
import org.watchtray.core.usb.KmsgParser;
import org.watchtray.fuzz.Fixtures;
import org.watchtray.fuzz.Target;

/** One {@code /dev/kmsg} record (prefix, text, dictionary with {@code \xHH} escapes): Ok or Malformed. */
public final class Kmsg implements Target {
    @Override
    public String name() {
        return "kmsg";
    }

    @Override
    public List<byte[]> seeds() {
        return List.of(Fixtures.of("org.watchtray.core.usb.KmsgParserTest", "USB_NEW_DEVICE"),
                Fixtures.of("org.watchtray.core.usb.KmsgParserTest", "USB_DISCONNECT"),
                Fixtures.of("org.watchtray.core.usb.KmsgSamples", "USB_NEW"));
    }

    @Override
    public List<byte[]> dictionary() {
        return List.of(Fixtures.utf8("\n SUBSYSTEM=usb"), Fixtures.utf8("\n DEVICE=+usb:1-1"), Fixtures.utf8("\\x0a"),
                Fixtures.utf8("6,289,7777997,-;"), Fixtures.utf8("usb 1-1: "), Fixtures.utf8("over-current"));
    }

    @Override
    public void run(byte[] input) {
        KmsgParser.parse(input);
    }
}
