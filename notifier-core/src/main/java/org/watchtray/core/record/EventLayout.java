package org.watchtray.core.record;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.EventShape;
import org.watchtray.core.event.Field;
import org.watchtray.core.event.FieldType;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.source.SourceStatus;

/**
 * Where an event type's fields lie in the agent's record of it (docs/wire-format.md §3): its
 * record type, the subtype for each of its names, and its fields in wire order, by reference to
 * the event's own {@link Field}s. How each field is written follows from its type (text: a
 * u16-prefixed string, required ones never absent; int: i32; long: i64; double: f64; duration:
 * microseconds, -1 absent; a named constant: its u8 code). A layout that leaves out one of the
 * type's fields, or names one twice, is refused when the class loads, so the record and the
 * event cannot drift apart.
 */
final class EventLayout<E extends Event> {
    /** One slot of the payload after the time: a field, or the event's severity byte. */
    private record Slot(Field<?, ?> field) {
        static final Slot SEVERITY = new Slot(null);

        String label() {
            return field == null ? "severity" : field.name().replace('_', ' ');
        }
    }

    /** u8 codes of the named constants the records carry. */
    private record Codes<X>(ToIntFunction<X> code, IntFunction<X> of) {
    }

    private static final Map<Class<?>, Codes<?>> CODES = Map.of(
            SourceId.class, new Codes<>(WireCodes::source, WireCodes::sourceOf),
            SourceStatus.State.class, new Codes<>(WireCodes::state, WireCodes::stateOf));

    private final EventShape<E> shape;
    private final int type;
    private final ToIntFunction<E> subtype;
    private final IntFunction<String> nameOf;
    private final List<Slot> slots;

    private EventLayout(EventShape<E> shape, int type, ToIntFunction<E> subtype, IntFunction<String> nameOf, List<Object> order) {
        this.shape = shape;
        this.type = type;
        this.subtype = subtype;
        this.nameOf = nameOf;
        List<Slot> s = new ArrayList<>();
        Set<Field<?, ?>> seen = new HashSet<>();
        for (Object o : order) {
            if (o == Slot.SEVERITY) {
                s.add(Slot.SEVERITY);
            } else {
                Field<?, ?> f = (Field<?, ?>) o;
                if (!shape.fields().contains(f) || !seen.add(f)) {
                    throw new IllegalStateException(shape.type().getSimpleName() + "'s record layout names " + f.name()
                            + (seen.contains(f) ? " twice" : ", which is not its field"));
                }
                if (f.type().kind() == FieldType.Kind.NAME && !CODES.containsKey(f.type().javaType())) {
                    throw new IllegalStateException("no record codes for " + f.type());
                }
                s.add(new Slot(f));
            }
        }
        for (Field<E, ?> f : shape.fields()) {
            if (!seen.contains(f)) {
                throw new IllegalStateException(shape.type().getSimpleName() + "'s record layout leaves out its field " + f.name());
            }
        }
        this.slots = List.copyOf(s);
    }

    /** The severity byte's place in a layout. */
    static final Object SEVERITY = Slot.SEVERITY;

    /**
     * @param subtype the record subtype of an event
     * @param nameOf  the event name of a known subtype (the caller checked it is known)
     * @param order   the type's fields in wire order, and {@link #SEVERITY} where a severity byte goes
     */
    static <E extends Event> EventLayout<E> of(EventShape<E> shape, int type, ToIntFunction<E> subtype, IntFunction<String> nameOf,
                                               Object... order) {
        return new EventLayout<>(shape, type, subtype, nameOf, List.of(order));
    }

    Class<E> eventType() {
        return shape.type();
    }

    int recordType() {
        return type;
    }

    /** Header, time, the fixed-size fields, and two length bytes per string. */
    int minimumLength() {
        int n = WatchTypes.HEADER_SIZE + 8;
        for (Slot s : slots) {
            n += s.field == null ? 1 : switch (s.field.type().kind()) {
                case TEXT -> 2;
                case INT -> 4;
                case LONG, DOUBLE, DURATION -> 8;
                case NAME -> 1;
                case BOOL, INSTANT, TEXT_LIST -> throw new IllegalStateException("no record form for " + s.field);
            };
        }
        return n;
    }

    byte[] encode(Event event) {
        E e = shape.type().cast(event);
        PayloadWriter w = new PayloadWriter(type, subtype.applyAsInt(e)).time(e.time());
        for (Slot s : slots) {
            if (s.field == null) {
                w.u8(WireCodes.severity(e.severity()));
            } else {
                write(w, s.field, e);
            }
        }
        return w.finish();
    }

    @SuppressWarnings("unchecked")
    private static <E, T> void write(PayloadWriter w, Field<E, T> f, Object event) {
        T v = f.get((E) event);
        switch (f.type().kind()) {
            case TEXT -> w.str((String) v);
            case INT -> w.i32((Integer) v);
            case LONG -> w.i64((Long) v);
            case DOUBLE -> w.f64((Double) v);
            case DURATION -> w.duration((Duration) v);
            case NAME -> w.u8(((Codes<T>) CODES.get(f.type().javaType())).code().applyAsInt(v));
            case BOOL, INSTANT, TEXT_LIST -> throw new IllegalStateException("no record form for " + f);
        }
    }

    /** Reads one event of a known subtype; the reader stands after the header. */
    E decode(int subtype, PayloadReader in) throws PayloadReader.Truncated, PayloadReader.Absent, BadCode {
        Instant time = in.time("time");
        Severity severity = null;
        List<Object[]> read = new ArrayList<>(slots.size());
        for (Slot s : slots) {
            if (s.field == null) {
                int code = in.u8("severity");
                severity = known(WireCodes.severityOf(code), "severity", code, in);
            } else {
                read.add(new Object[] {s.field, read(s, in)});
            }
        }
        EventShape.Values.Builder<E> b = shape.values(nameOf.apply(subtype), time, severity, null);
        for (Object[] r : read) {
            put(b, (Field<?, ?>) r[0], r[1]);
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Event, T> void put(EventShape.Values.Builder<E> b, Field<?, T> f, Object value) {
        b.put((Field<E, T>) f, (T) value);
    }

    private static Object read(Slot s, PayloadReader in) throws PayloadReader.Truncated, PayloadReader.Absent, BadCode {
        String label = s.label();
        return switch (s.field.type().kind()) {
            case TEXT -> s.field.required() ? in.requiredStr(label) : in.str(label);
            case INT -> in.i32(label);
            case LONG -> in.i64(label);
            case DOUBLE -> in.f64(label);
            case DURATION -> in.duration(label);
            case NAME -> {
                int code = in.u8(label);
                yield known(CODES.get(s.field.type().javaType()).of().apply(code), label, code, in);
            }
            case BOOL, INSTANT, TEXT_LIST -> throw new IllegalStateException("no record form for " + s.field);
        };
    }

    static <T> T known(T value, String field, int code, PayloadReader in) throws BadCode {
        if (value == null) {
            throw new BadCode("unknown " + field + " code " + code + " at byte " + (in.position() - 1));
        }
        return value;
    }

    /** A one-byte code field holds a number with no meaning. */
    static final class BadCode extends Exception {
        BadCode(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public String toString() {
        return shape.type().getSimpleName().toLowerCase(Locale.ROOT) + slots;
    }
}
