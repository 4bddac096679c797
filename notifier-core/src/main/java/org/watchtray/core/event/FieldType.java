package org.watchtray.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * What kind of value an event field holds, and the one place that says how it is shown in the
 * details ({@link #detailValue}) and how a plain value read back from a store becomes it again
 * ({@link #coerce}). Plain values are what codecs read: String, Long (any integer), Double,
 * Boolean, Instant, Duration, List of String.
 */
public final class FieldType<T> {
    /** The shapes of value a codec has to write. */
    public enum Kind { TEXT, INT, LONG, DOUBLE, BOOL, INSTANT, DURATION, NAME, TEXT_LIST }

    public static final FieldType<String> TEXT = new FieldType<>(Kind.TEXT, String.class, null, null);
    public static final FieldType<Integer> INT = new FieldType<>(Kind.INT, Integer.class, null, null);
    public static final FieldType<Long> LONG = new FieldType<>(Kind.LONG, Long.class, null, null);
    public static final FieldType<Double> DOUBLE = new FieldType<>(Kind.DOUBLE, Double.class, null, null);
    public static final FieldType<Boolean> BOOL = new FieldType<>(Kind.BOOL, Boolean.class, null, null);
    public static final FieldType<Instant> INSTANT = new FieldType<>(Kind.INSTANT, Instant.class, null, null);
    public static final FieldType<Duration> DURATION = new FieldType<>(Kind.DURATION, Duration.class, null, null);
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final FieldType<List<String>> TEXT_LIST = new FieldType<>(Kind.TEXT_LIST, (Class) List.class, null, null);

    private final Kind kind;
    private final Class<T> javaType;
    private final Function<T, String> wireName;
    private final T[] constants;

    private FieldType(Kind kind, Class<T> javaType, Function<T, String> wireName, T[] constants) {
        this.kind = kind;
        this.javaType = javaType;
        this.wireName = wireName;
        this.constants = constants;
    }

    /**
     * Named constants (an enum), shown and stored by their wire name. Reading back takes the
     * wire name or the constant's own name, in any case: older histories stored some names
     * upper-case.
     */
    public static <X extends Enum<X>> FieldType<X> named(Class<X> type, Function<X, String> wireName) {
        return new FieldType<>(Kind.NAME, type, wireName, type.getEnumConstants());
    }

    public Kind kind() {
        return kind;
    }

    public Class<T> javaType() {
        return javaType;
    }

    /** A constant's wire name (NAME kind only). */
    public String wireName(T value) {
        return wireName.apply(value);
    }

    /** The value as the details show it: a name's wire name, a list as quoted names joined by commas. */
    public Object detailValue(T value) {
        return switch (kind) {
            case NAME -> wireName.apply(value);
            case TEXT_LIST -> {
                List<?> list = (List<?>) value;
                yield String.join(", ", list.stream().map(s -> Text.quote(String.valueOf(s))).toList());
            }
            default -> value;
        };
    }

    /**
     * A plain value read back from a store, as this type.
     *
     * @throws IllegalArgumentException when it cannot be one
     */
    public T coerce(Object plain) {
        Objects.requireNonNull(plain);
        Object v = switch (kind) {
            case TEXT -> plain instanceof String s ? s : fail(plain);
            case INT -> {
                long l = integer(plain);
                if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                    yield fail(plain);
                }
                yield (int) l;
            }
            case LONG -> integer(plain);
            case DOUBLE -> plain instanceof Number n ? n.doubleValue() : fail(plain);
            case BOOL -> plain instanceof Boolean b ? b : fail(plain);
            case INSTANT -> plain instanceof Instant i ? i : plain instanceof String s ? Instant.parse(s) : fail(plain);
            case DURATION -> plain instanceof Duration d ? d : plain instanceof String s ? Duration.parse(s) : fail(plain);
            case NAME -> plain instanceof String s ? constant(s) : fail(plain);
            case TEXT_LIST -> {
                if (!(plain instanceof List<?> list)) {
                    yield fail(plain);
                }
                List<String> out = new ArrayList<>(list.size());
                for (Object o : list) {
                    out.add(o instanceof String s ? s : String.valueOf(fail(o)));
                }
                yield List.copyOf(out);
            }
        };
        return javaType.cast(v);
    }

    private T constant(String name) {
        for (T c : constants) {
            if (wireName.apply(c).equalsIgnoreCase(name) || ((Enum<?>) c).name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown " + javaType.getSimpleName() + " '" + name + "'");
    }

    private static long integer(Object plain) {
        if (plain instanceof Long || plain instanceof Integer || plain instanceof Short || plain instanceof Byte) {
            return ((Number) plain).longValue();
        }
        throw new IllegalArgumentException("not an integer: " + plain);
    }

    private Object fail(Object plain) {
        throw new IllegalArgumentException("not a " + kind.name().toLowerCase(Locale.ROOT) + ": " + plain);
    }

    @Override
    public String toString() {
        return kind == Kind.NAME ? javaType.getSimpleName() : kind.name().toLowerCase(Locale.ROOT);
    }
}
