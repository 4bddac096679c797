package org.watchtray.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One field of an event type, written once in the event's own record: its name, its type, how
 * to read it from an event, and which value means "no fact" (absent). The event's details, the
 * history and the agent's records all use this one definition, so a field cannot be called one
 * thing in one place and another elsewhere.
 *
 * <p>A field is required unless it says what absent means: {@link #optional()} (absent is null)
 * or {@link #absentAs} (absent is that value, e.g. 0 or ""). A value equal to the absent value
 * is left out of the details and of stored history, and a missing field reads back as it.
 * {@link #formerly} names that older histories used, so they stay readable.
 *
 * @param <E> the event type
 * @param <T> the value's Java type
 */
public final class Field<E, T> {
    private final String name;
    private final FieldType<T> type;
    private final Function<? super E, ? extends T> get;
    private final boolean hasAbsent;
    private final T absent;
    private final Predicate<? super E> shownWhen;
    private final List<String> formerly;

    private Field(String name, FieldType<T> type, Function<? super E, ? extends T> get, boolean hasAbsent, T absent,
                  Predicate<? super E> shownWhen, List<String> formerly) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a field name is lower_snake_case: '" + name + "'");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type);
        this.get = Objects.requireNonNull(get);
        this.hasAbsent = hasAbsent;
        this.absent = absent;
        this.shownWhen = shownWhen;
        this.formerly = List.copyOf(formerly);
    }

    public static <E, T> Field<E, T> of(String name, FieldType<T> type, Function<? super E, ? extends T> get) {
        return new Field<>(name, type, get, false, null, null, List.of());
    }

    public static <E> Field<E, String> text(String name, Function<? super E, String> get) {
        return of(name, FieldType.TEXT, get);
    }

    public static <E> Field<E, Integer> int32(String name, Function<? super E, Integer> get) {
        return of(name, FieldType.INT, get);
    }

    public static <E> Field<E, Long> int64(String name, Function<? super E, Long> get) {
        return of(name, FieldType.LONG, get);
    }

    public static <E> Field<E, Double> decimal(String name, Function<? super E, Double> get) {
        return of(name, FieldType.DOUBLE, get);
    }

    public static <E> Field<E, Boolean> flag(String name, Function<? super E, Boolean> get) {
        return of(name, FieldType.BOOL, get);
    }

    public static <E> Field<E, Instant> instant(String name, Function<? super E, Instant> get) {
        return of(name, FieldType.INSTANT, get);
    }

    public static <E> Field<E, Duration> duration(String name, Function<? super E, Duration> get) {
        return of(name, FieldType.DURATION, get);
    }

    public static <E> Field<E, List<String>> texts(String name, Function<? super E, List<String>> get) {
        return of(name, FieldType.TEXT_LIST, get);
    }

    public static <E, X extends Enum<X>> Field<E, X> named(String name, FieldType<X> type, Function<? super E, X> get) {
        return of(name, type, get);
    }

    /** Absent means null: the fact is simply not known. */
    public Field<E, T> optional() {
        return absentAs(null);
    }

    /** Absent means {@code value}: such a value is left out, and a missing field reads as it. */
    public Field<E, T> absentAs(T value) {
        return new Field<>(name, type, get, true, value, shownWhen, formerly);
    }

    /** The field is left out (absent) for events where {@code test} is false. */
    public Field<E, T> shownWhen(Predicate<? super E> test) {
        return new Field<>(name, type, get, hasAbsent, absent, test, formerly);
    }

    /** Names older stored histories gave this field. */
    public Field<E, T> formerly(String... names) {
        return new Field<>(name, type, get, hasAbsent, absent, shownWhen, List.of(names));
    }

    public String name() {
        return name;
    }

    public FieldType<T> type() {
        return type;
    }

    public List<String> formerNames() {
        return formerly;
    }

    /** Whether a record without this field is broken (no absent value is defined). */
    public boolean required() {
        return !hasAbsent;
    }

    /** What a missing field reads as (only for a field that is not required). */
    public T absent() {
        return absent;
    }

    /** The field's value in {@code event}, as it is (absent values included). */
    public T get(E event) {
        return get.apply(event);
    }

    /** The value to show and store, or null when {@code event} carries no fact here. */
    public T present(E event) {
        if (shownWhen != null && !shownWhen.test(event)) {
            return null;
        }
        T v = get.apply(event);
        if (v == null || (hasAbsent && Objects.equals(v, absent))) {
            return null;
        }
        return v;
    }

    @Override
    public String toString() {
        return name + ": " + type;
    }
}
