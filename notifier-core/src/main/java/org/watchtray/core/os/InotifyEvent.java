package org.watchtray.core.os;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code struct inotify_event}: which watch, what happened, and the entry name for watches
 * on directories ("" for the watched object itself).
 *
 * <pre>
 * struct inotify_event {   // 16 bytes, then len bytes of NUL-padded name
 *     int      wd;         // 0
 *     uint32_t mask;       // 4
 *     uint32_t cookie;     // 8
 *     uint32_t len;        // 12
 *     char     name[];     // 16
 * };
 * </pre>
 */
public record InotifyEvent(int wd, int mask, int cookie, String name) {
    /** sizeof(struct inotify_event) without the name. */
    public static final int HEADER = 16;

    /** Stands for "some events were not delivered": the queue overflowed or a read was cut short. */
    public static InotifyEvent overflow() {
        return new InotifyEvent(-1, Libc.IN_Q_OVERFLOW, 0, "");
    }

    public boolean has(int flag) {
        return (mask & flag) != 0;
    }

    /**
     * Decodes the {@code length} bytes one read(2) returned. The kernel only returns whole
     * events, but a header that does not fit or a name running past the end is not trusted: the
     * rest of the buffer becomes one {@link #overflow()} so the reader resynchronises.
     */
    public static List<InotifyEvent> decode(byte[] buf, int length) {
        List<InotifyEvent> events = new ArrayList<>();
        int at = 0;
        while (at < length) {
            if (length - at < HEADER) {
                events.add(overflow());
                break;
            }
            int wd = le32(buf, at);
            int mask = le32(buf, at + 4);
            int cookie = le32(buf, at + 8);
            long nameLength = Integer.toUnsignedLong(le32(buf, at + 12));
            if (nameLength > length - at - HEADER) {
                events.add(overflow());
                break;
            }
            events.add(new InotifyEvent(wd, mask, cookie, name(buf, at + HEADER, (int) nameLength)));
            at += HEADER + (int) nameLength;
        }
        return events;
    }

    /** The name up to its first NUL (the kernel pads it with NULs to an aligned length). */
    private static String name(byte[] buf, int from, int padded) {
        int n = 0;
        while (n < padded && buf[from + n] != 0) {
            n++;
        }
        return new String(buf, from, n, StandardCharsets.UTF_8);
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
