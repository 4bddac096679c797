package org.watchtray.nativeaccess.inotify;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.Structs;

/**
 * One {@code struct inotify_event}: which watch, what happened, and the entry name for watches
 * on directories ("" for the watched object itself).
 */
public record InotifyEvent(int wd, int mask, int cookie, String name) {

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
    public static List<InotifyEvent> decode(MemorySegment buf, long length) {
        List<InotifyEvent> events = new ArrayList<>();
        long header = Structs.INOTIFY_EVENT.byteSize();
        long at = 0;
        while (at < length) {
            if (length - at < header) {
                events.add(overflow());
                break;
            }
            int wd = buf.get(JAVA_INT_UNALIGNED, at + Structs.INOTIFY_EVENT_WD);
            int mask = buf.get(JAVA_INT_UNALIGNED, at + Structs.INOTIFY_EVENT_MASK);
            int cookie = buf.get(JAVA_INT_UNALIGNED, at + 8);
            long nameLength = Integer.toUnsignedLong(buf.get(JAVA_INT_UNALIGNED, at + Structs.INOTIFY_EVENT_LEN));
            if (nameLength > length - at - header) {
                events.add(overflow());
                break;
            }
            events.add(new InotifyEvent(wd, mask, cookie, name(buf.asSlice(at + header, nameLength))));
            at += header + nameLength;
        }
        return events;
    }

    /** The name up to its first NUL (the kernel pads it with NULs to an aligned length). */
    private static String name(MemorySegment padded) {
        long n = 0;
        while (n < padded.byteSize() && padded.get(JAVA_BYTE, n) != 0) {
            n++;
        }
        return new String(padded.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }
}
