package org.watchtray.core.parse;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of parsing one record or line: a value, or what was wrong and where. Parsers
 * never throw on bad input; the caller turns {@link Malformed} into a visible problem event.
 */
public sealed interface Parsed<T> {

    record Ok<T>(T value) implements Parsed<T> {
        public Ok {
            Objects.requireNonNull(value);
        }
    }

    /** {@code offset} is the byte or character position where the problem was found. */
    record Malformed<T>(String problem, int offset) implements Parsed<T> {
        public Malformed {
            Objects.requireNonNull(problem);
        }
    }

    /** Untrusted input quoted in a problem message: at most 60 characters. */
    static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "\u2026";
    }

    static <T> Parsed<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Parsed<T> malformed(String problem, int offset) {
        return new Malformed<>(problem, offset);
    }

    default boolean isOk() {
        return this instanceof Ok<T>;
    }

    /** The value; throws {@link IllegalStateException} with the problem when malformed. */
    default T orElseThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Malformed<T> bad -> throw new IllegalStateException(bad.problem() + " (at " + bad.offset() + ")");
        };
    }

    default <R> Parsed<R> map(Function<? super T, ? extends R> f) {
        return switch (this) {
            case Ok<T> ok -> new Ok<>(f.apply(ok.value()));
            case Malformed<T> bad -> new Malformed<>(bad.problem(), bad.offset());
        };
    }
}
