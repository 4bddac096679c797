package org.watchtray.core.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding struct inotify_event from bytes (little-endian x86-64). */
class InotifyEventTest {

    /** Two events as one read(2) returns them. */
    private static final byte[] TWO_EVENTS = {
            // event 1: a rename into the watched directory
            0x01, 0x00, 0x00, 0x00,             // wd 1
            (byte) 0x80, 0x00, 0x00, 0x00,      // mask IN_MOVED_TO (0x80)
            0x2a, 0x00, 0x00, 0x00,             // cookie 42 (pairs it with its IN_MOVED_FROM)
            0x10, 0x00, 0x00, 0x00,             // len 16: the name, NUL-padded
            'k', 'r', 'b', '5', 'c', 'c', '_', '0', 0, 0, 0, 0, 0, 0, 0, 0, // "krb5cc_0"
            // event 2: the watched file itself was written and closed (no name)
            0x02, 0x00, 0x00, 0x00,             // wd 2
            0x08, 0x00, 0x00, 0x00,             // mask IN_CLOSE_WRITE (0x8)
            0x00, 0x00, 0x00, 0x00,             // cookie 0
            0x00, 0x00, 0x00, 0x00,             // len 0
    };

    @Test
    void decodesConsecutiveEventsWithPaddedNames() {
        byte[] buf = TWO_EVENTS;
        assertEquals(List.of(new InotifyEvent(1, Libc.IN_MOVED_TO, 42, "krb5cc_0"), new InotifyEvent(2, Libc.IN_CLOSE_WRITE, 0, "")),
                InotifyEvent.decode(buf, TWO_EVENTS.length));
    }

    @Test
    void aCutHeaderOrANameRunningPastTheEndBecomesAnOverflow() {
        byte[] buf = TWO_EVENTS;
        assertEquals(List.of(new InotifyEvent(1, Libc.IN_MOVED_TO, 42, "krb5cc_0"), InotifyEvent.overflow()),
                InotifyEvent.decode(buf, 32 + 10), "header cut after 10 bytes");
        assertEquals(List.of(InotifyEvent.overflow()), InotifyEvent.decode(buf, 20), "name of 16 bytes with only 4 present");
    }
}
