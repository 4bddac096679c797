package org.watchtray.app.text;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link MessageFormat} pattern whose arguments are all plain {@code {n}}, put together
 * without MessageFormat when every argument it uses is a String: the same text, one string.
 *
 * <p>Why: {@code watchtray monitor} formats two or three patterns per event on the backend
 * thread, and MessageFormat's buffer (grown from 16 chars), its wrappers and its copy were about
 * half a kilobyte of garbage each. A plain pattern is immutable, so one serves every thread.
 * Patterns with typed arguments ({@code {0,number}}, {@code {0,choice,…}}) stay MessageFormat's.
 *
 * <p>Quoting follows MessageFormat: {@code ''} is a quote, a single {@code '} starts or ends
 * literal text. Each pattern is checked against MessageFormat once when parsed; one that does
 * not come out the same is left to MessageFormat.
 */
final class PlainPattern {
    /** For a pattern that is not plain: never fits, so MessageFormat formats it. */
    static final PlainPattern NOT_PLAIN = new PlainPattern(new String[] {""}, new int[0]);

    /** The literal text before each argument, then after the last one. */
    private final String[] literals;
    /** Which argument goes after each literal but the last. */
    private final int[] arguments;

    private PlainPattern(String[] literals, int[] arguments) {
        this.literals = literals;
        this.arguments = arguments;
    }

    /** {@code pattern} as a plain pattern, or {@link #NOT_PLAIN}. */
    static PlainPattern of(String pattern, Locale locale) {
        PlainPattern p = parse(pattern);
        return p != null && p.sameAsMessageFormat(pattern, locale) ? p : NOT_PLAIN;
    }

    private static PlainPattern parse(String pattern) {
        List<String> literals = new ArrayList<>();
        List<Integer> arguments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                    literal.append('\'');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '{' && !quoted) {
                int close = pattern.indexOf('}', i);
                if (close < 0 || close == i + 1 || close > i + 3) {
                    return null;
                }
                int index = 0;
                for (int j = i + 1; j < close; j++) {
                    char d = pattern.charAt(j);
                    if (d < '0' || d > '9') {
                        return null; // a typed argument ({0,number}) or not one at all: MessageFormat's
                    }
                    index = index * 10 + (d - '0');
                }
                literals.add(literal.toString());
                literal.setLength(0);
                arguments.add(index);
                i = close;
            } else {
                literal.append(c);
            }
        }
        literals.add(literal.toString());
        return new PlainPattern(literals.toArray(String[]::new), arguments.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Whether MessageFormat writes the same for arguments that show where each one goes. */
    private boolean sameAsMessageFormat(String pattern, Locale locale) {
        int count = 0;
        for (int a : arguments) {
            count = Math.max(count, a + 1);
        }
        Object[] probes = new Object[count];
        for (int i = 0; i < count; i++) {
            probes[i] = "<" + i + "'{}>";
        }
        try {
            return new MessageFormat(pattern, locale).format(probes).equals(format(probes));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether this pattern can put in {@code args}: each argument it uses is there and a String. */
    boolean fits(Object[] args) {
        if (this == NOT_PLAIN) {
            return false;
        }
        for (int a : arguments) {
            if (a >= args.length || !(args[a] instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** The text with {@code args} put in; only for arguments that {@link #fits} accepts. */
    String format(Object[] args) {
        String[] parts = new String[literals.length + arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            parts[2 * i] = literals[i];
            parts[2 * i + 1] = (String) args[arguments[i]];
        }
        parts[parts.length - 1] = literals[literals.length - 1];
        return String.join("", parts);  // sized once, in the right coder: no growing buffer, no copy at the end
    }
}
