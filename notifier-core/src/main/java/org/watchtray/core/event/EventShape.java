package org.watchtray.core.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The one description of an event type: its names, its fields in their stable order, and how
 * an event is built from them. {@code details()}, the history and the agent's records all go
 * through it. Besides its fields, every event has a time, a name (which holds its change), a
 * severity and, for records, raw bytes; those travel beside the fields (a history row's
 * columns, a record's header) and are given to the builder in {@link Values} too.
 *
 * @param <E> the event type
 */
public final class EventShape<E extends Event> {
    private final Class<E> type;
    private final String family;
    private final Map<String, Change> changesByName;
    private final List<Field<E, ?>> fields;
    private final Map<String, Field<E, ?>> byName;
    private final Function<Values, E> build;

    private EventShape(Class<E> type, String family, Map<String, Change> changesByName, List<Field<E, ?>> fields,
                       Function<Values, E> build) {
        this.type = type;
        this.family = family;
        this.changesByName = Collections.unmodifiableMap(new LinkedHashMap<>(changesByName));
        this.fields = List.copyOf(fields);
        this.build = build;
        Map<String, Field<E, ?>> names = new HashMap<>();
        for (Field<E, ?> f : fields) {
            for (String n : names(f)) {
                if (names.put(n, f) != null) {
                    throw new IllegalArgumentException(type.getSimpleName() + " names '" + n + "' twice");
                }
            }
        }
        this.byName = Map.copyOf(names);
    }

    private static List<String> names(Field<?, ?> f) {
        List<String> all = new ArrayList<>(f.formerNames());
        all.addFirst(f.name());
        return all;
    }

    /**
     * A type whose events are named {@code family.<change>} after the wire names of its change
     * enum, e.g. {@code usb.port_failing}.
     */
    public static <E extends Event, C extends Enum<C> & Change> EventShape<E> of(
            Class<E> type, String family, Class<C> changes, List<Field<E, ?>> fields, Function<Values, E> build) {
        Map<String, Change> byName = new LinkedHashMap<>();
        for (C c : changes.getEnumConstants()) {
            byName.put(family + "." + c.wireName(), c);
        }
        return new EventShape<>(type, family, byName, fields, build);
    }

    /** A type with one name, e.g. {@code meta.loss}. */
    public static <E extends Event> EventShape<E> single(Class<E> type, String name, List<Field<E, ?>> fields,
                                                         Function<Values, E> build) {
        return new EventShape<>(type, name, Collections.singletonMap(name, null), fields, build);
    }

    public Class<E> type() {
        return type;
    }

    /** The names' common part ({@code usb}), or the one name of a single-named type. */
    public String family() {
        return family;
    }

    /** Every name an event of this type can have. */
    public Set<String> eventNames() {
        return changesByName.keySet();
    }

    public List<Field<E, ?>> fields() {
        return fields;
    }

    /** The field called {@code name} now or formerly; null when there is none. */
    public Field<E, ?> field(String name) {
        return byName.get(name);
    }

    /** The fields that hold a fact for {@code event}, in order, as their values (details and history store these). */
    public Map<Field<E, ?>, Object> present(Event event) {
        E e = type.cast(event);
        Map<Field<E, ?>, Object> out = new LinkedHashMap<>();
        for (Field<E, ?> f : fields) {
            Object v = f.present(e);
            if (v != null) {
                out.put(f, v);
            }
        }
        return out;
    }

    /** The event's details: each present field by name, shown as its type shows it. */
    public Map<String, Object> details(Event event) {
        Details d = Details.of();
        present(event).forEach((f, v) -> d.put(f.name(), detailValue(f, v)));
        return d.asMap();
    }

    @SuppressWarnings("unchecked")
    private static <T> Object detailValue(Field<?, T> f, Object v) {
        return f.type().detailValue((T) v);
    }

    /** Starts the values of one event called {@code name} (checked against this type's names). */
    public Values.Builder<E> values(String name, Instant time, Severity severity, Bytes raw) {
        if (!changesByName.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a name of " + type.getSimpleName());
        }
        return new Values.Builder<>(this, time, changesByName.get(name), severity, raw);
    }

    E build(Values v) {
        for (Field<E, ?> f : fields) {
            if (f.required() && !v.has(f)) {
                throw new IllegalArgumentException(family + ": field '" + f.name() + "' is missing");
            }
        }
        return build.apply(v);
    }

    /** Field values of one event, read back by a codec, for the type's builder. */
    public static final class Values {
        private final Instant time;
        private final Change change;
        private final Severity severity;
        private final Bytes raw;
        private final Map<Field<?, ?>, Object> values;

        private Values(Instant time, Change change, Severity severity, Bytes raw, Map<Field<?, ?>, Object> values) {
            this.time = time;
            this.change = change;
            this.severity = severity;
            this.raw = raw == null ? Bytes.EMPTY : raw;
            this.values = values;
        }

        public Instant time() {
            return time;
        }

        /** The change the event's name stands for. */
        public <C extends Enum<C> & Change> C change(Class<C> type) {
            return type.cast(change);
        }

        /** The severity stored beside the fields (the types whose severity is not fixed by their change use it). */
        public Severity severity() {
            return severity;
        }

        public Bytes raw() {
            return raw;
        }

        public boolean has(Field<?, ?> f) {
            return values.containsKey(f);
        }

        /** The field's value; a missing one reads as its absent value. */
        @SuppressWarnings("unchecked")
        public <T> T get(Field<?, T> f) {
            return values.containsKey(f) ? (T) values.get(f) : f.absent();
        }

        /** Collects the values of one event, then builds it. */
        public static final class Builder<E extends Event> {
            private final EventShape<E> shape;
            private final Instant time;
            private final Change change;
            private final Severity severity;
            private final Bytes raw;
            private final Map<Field<?, ?>, Object> values = new HashMap<>();
            private final Set<String> ignored = new HashSet<>();

            private Builder(EventShape<E> shape, Instant time, Change change, Severity severity, Bytes raw) {
                this.shape = shape;
                this.time = Objects.requireNonNull(time);
                this.change = change;
                this.severity = severity;
                this.raw = raw;
            }

            public <T> Builder<E> put(Field<E, T> f, T value) {
                if (value != null) {
                    values.put(f, value);
                }
                return this;
            }

            /**
             * A plain value by the name a store gave it (now or formerly); names this type does
             * not have are ignored (listed by {@link #ignored()}).
             *
             * @throws IllegalArgumentException when the value does not fit the field's type
             */
            public Builder<E> putPlain(String name, Object plain) {
                Field<E, ?> f = shape.field(name);
                if (f == null) {
                    ignored.add(name);
                } else if (plain != null) {
                    try {
                        values.put(f, f.type().coerce(plain));
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("field '" + name + "': " + e.getMessage(), e);
                    }
                }
                return this;
            }

            /** Names given to {@link #putPlain} that this type has no field for. */
            public Set<String> ignored() {
                return Set.copyOf(ignored);
            }

            /** @throws IllegalArgumentException when a required field is missing or the values make no event */
            public E build() {
                return shape.build(new Values(time, change, severity, raw, values));
            }
        }
    }

    @Override
    public String toString() {
        return type.getSimpleName() + fields;
    }
}
