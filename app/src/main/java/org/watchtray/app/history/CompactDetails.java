package org.watchtray.app.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.EventShape;
import org.watchtray.core.event.EventShapes;
import org.watchtray.core.event.Field;
import org.watchtray.core.event.Severity;

/**
 * A history row's details in schema 2: the fields an event carries, written after its type's
 * one description ({@link EventShape}), as bytes instead of a JSON object.
 *
 * <pre>
 * byte 0       FORMAT (1)
 * then, for each field present, in the shape's order:
 *   u8         the field's index in the shape's field list
 *   value      by the field's type:
 *              text        varint length in bytes, then the text in modified UTF-8 (every UTF-16
 *                          unit, an unpaired surrogate included, comes back as it was)
 *              int, long   zig-zag varint
 *              double      8 bytes, big-endian IEEE 754
 *              bool        1 byte, 0 or 1
 *              instant     zig-zag varint seconds, varint nanoseconds
 *              duration    zig-zag varint seconds, varint nanoseconds
 *              name        the constant's wire name, as text
 *              text list   varint count, then each as text
 * </pre>
 *
 * Fields are found by index, so only appending fields to a shape keeps older rows readable;
 * a renamed field keeps its place. A row whose details start with '{' is a schema-1 JSON object
 * (see {@link EventCodec}).
 */
final class CompactDetails {
    static final int FORMAT = 1;

    private CompactDetails() {
    }

    /** The details of {@code event} (a fresh encoder: for one-off use; the writer keeps one {@link Encoder}). */
    static byte[] encode(Event event) {
        return new Encoder().encode(event);
    }

    /**
     * Encodes events one after the other into one buffer that it keeps, so a batch of rows costs
     * one array per row (the bytes SQLite is handed) and no per-event map, stream or boxing of
     * the shape's own bookkeeping. Not thread-safe: one per writer.
     */
    static final class Encoder {
        private final Out out = new Out();

        byte[] encode(Event event) {
            EventShape<Event> shape = EventShapes.of(event);
            out.reset();
            out.write(FORMAT);
            List<Field<Event, ?>> fields = shape.fields();
            for (int i = 0, n = fields.size(); i < n; i++) {
                Field<Event, ?> f = fields.get(i);
                Object v = f.present(event);
                if (v != null) {
                    out.write(i);
                    value(out, f, v);
                }
            }
            return out.toByteArray();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void value(Out out, Field<?, T> f, Object v) {
        switch (f.type().kind()) {
            case TEXT -> out.text((String) v);
            case INT -> out.signed((Integer) v);
            case LONG -> out.signed((Long) v);
            case DOUBLE -> out.fixed64(Double.doubleToRawLongBits((Double) v));
            case BOOL -> out.write((Boolean) v ? 1 : 0);
            case INSTANT -> {
                Instant t = (Instant) v;
                out.signed(t.getEpochSecond());
                out.unsigned(t.getNano());
            }
            case DURATION -> {
                Duration d = (Duration) v;
                out.signed(d.getSeconds());
                out.unsigned(d.getNano());
            }
            case NAME -> out.text(f.type().wireName((T) v));
            case TEXT_LIST -> {
                List<String> list = (List<String>) v;
                out.unsigned(list.size());
                for (int k = 0; k < list.size(); k++) {
                    out.text(list.get(k));
                }
            }
        }
    }

    /**
     * The event of one row.
     *
     * @throws IllegalArgumentException when the bytes or the name make no event this version knows
     */
    static Event decode(String name, Instant time, Severity severity, byte[] details, byte[] raw) {
        EventShape<?> shape = EventShapes.named(name);
        if (shape == null) {
            throw new IllegalArgumentException("unknown event '" + name + "'");
        }
        return read(shape, name, time, severity, details, raw);
    }

    private static <E extends Event> E read(EventShape<E> shape, String name, Instant time, Severity severity, byte[] details,
                                            byte[] raw) {
        In in = new In(details);
        int format = in.u8();
        if (format != FORMAT) {
            throw new IllegalArgumentException("details format " + format + " is not " + FORMAT);
        }
        EventShape.Values.Builder<E> b = shape.values(name, time, severity, raw == null ? null : new Bytes(raw));
        List<Field<E, ?>> fields = shape.fields();
        while (in.more()) {
            int i = in.u8();
            if (i >= fields.size()) {
                throw new IllegalArgumentException("field " + i + " of " + shape.family() + " is unknown to this version");
            }
            put(b, fields.get(i), in);
        }
        return b.build();
    }

    private static <E extends Event, T> void put(EventShape.Values.Builder<E> b, Field<E, T> f, In in) {
        Object v = switch (f.type().kind()) {
            case TEXT -> in.text();
            case INT -> Math.toIntExact(in.signed());
            case LONG -> in.signed();
            case DOUBLE -> Double.longBitsToDouble(in.fixed64());
            case BOOL -> in.u8() != 0;
            case INSTANT -> Instant.ofEpochSecond(in.signed(), in.unsigned());
            case DURATION -> Duration.ofSeconds(in.signed(), in.unsigned());
            case NAME -> f.type().coerce(in.text());
            case TEXT_LIST -> {
                int n = Math.toIntExact(in.unsigned());
                if (n > in.left()) {
                    throw new IllegalArgumentException("a list of " + n + " in " + in.left() + " bytes");
                }
                List<String> list = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    list.add(in.text());
                }
                yield List.copyOf(list);
            }
        };
        b.put(f, f.type().javaType().cast(v));
    }

    /**
     * A growable byte buffer written without locks (ByteArrayOutputStream synchronizes every
     * byte, which was most of the writer's time per event under the app's C1-only JIT).
     */
    private static final class Out {
        private byte[] buf = new byte[256];
        private int at;

        void reset() {
            at = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, at);
        }

        private void room(int n) {
            if (at + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, at + n));
            }
        }

        void write(int b) {
            room(1);
            buf[at++] = (byte) b;
        }

        void unsigned(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                buf[at++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[at++] = (byte) v;
        }

        void signed(long v) {
            unsigned((v << 1) ^ (v >> 63));
        }

        void fixed64(long v) {
            room(8);
            for (int s = 56; s >= 0; s -= 8) {
                buf[at++] = (byte) (v >>> s);
            }
        }

        void text(String s) {
            int n = s.length();
            int bytes = n;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    bytes += c < 0x800 ? 1 : 2;
                }
            }
            unsigned(bytes);
            room(bytes);
            byte[] b = buf;
            int k = at;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[k++] = (byte) c;
                } else if (c < 0x800) {
                    b[k++] = (byte) (0xC0 | (c >> 6));
                    b[k++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    b[k++] = (byte) (0xE0 | (c >> 12));
                    b[k++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[k++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            at = k;
        }
    }

    private static final class In {
        private final byte[] b;
        private int at;

        In(byte[] b) {
            this.b = b;
        }

        boolean more() {
            return at < b.length;
        }

        int left() {
            return b.length - at;
        }

        int u8() {
            if (at >= b.length) {
                throw new IllegalArgumentException("details end early at byte " + at);
            }
            return b[at++] & 0xFF;
        }

        long unsigned() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = u8();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("a number longer than 10 bytes at byte " + at);
        }

        long signed() {
            long u = unsigned();
            return (u >>> 1) ^ -(u & 1);
        }

        long fixed64() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | u8();
            }
            return v;
        }

        String text() {
            long n = unsigned();
            if (n > left()) {
                throw new IllegalArgumentException("a text of " + n + " bytes in " + left());
            }
            int end = at + (int) n;
            StringBuilder s = new StringBuilder((int) n);
            while (at < end) {
                int x = u8();
                if (x < 0x80) {
                    s.append((char) x);
                } else if ((x & 0xE0) == 0xC0) {
                    s.append((char) (((x & 0x1F) << 6) | (cont(end))));
                } else if ((x & 0xF0) == 0xE0) {
                    int hi = cont(end);
                    s.append((char) (((x & 0x0F) << 12) | (hi << 6) | cont(end)));
                } else {
                    throw new IllegalArgumentException("bad text byte " + x + " at byte " + (at - 1));
                }
            }
            return s.toString();
        }

        private int cont(int end) {
            if (at >= end) {
                throw new IllegalArgumentException("a text ends inside a character at byte " + at);
            }
            int x = u8();
            if ((x & 0xC0) != 0x80) {
                throw new IllegalArgumentException("bad text byte " + x + " at byte " + (at - 1));
            }
            return x & 0x3F;
        }
    }
}
