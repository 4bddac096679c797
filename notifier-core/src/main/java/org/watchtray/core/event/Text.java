package org.watchtray.core.event;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Small, shared text helpers for summaries: hostile names are made visible, never obeyed. */
public final class Text {
    /** Without a zone: {@link #time} takes the JVM's default at each call, so it follows a change of the system's zone. */
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Text() {
    }

    /**
     * Quotes a name that came from the kernel or a user: control characters (newline, tab, ESC…)
     * become visible escapes so a summary stays one line and cannot fake another entry.
     */
    public static String quote(String name) {
        return "\u201c" + visible(name) + "\u201d";
    }

    /**
     * The one escaping function for text shown to people (summaries, {@code monitor},
     * {@code history}, {@code decode}, settings messages): control characters become C-style
     * escapes ({@code \n}, {@code \t}, {@code \x1b}); bidirectional controls (U+202E
     * right-to-left override and the rest, which reorder what follows them on screen) and the
     * Unicode line and paragraph separators become a backslash, {@code u} and four hex digits.
     */
    public static String visible(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String esc = switch (c) {
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                case '\r' -> "\\r";
                default -> (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) ? String.format("\\x%02x", (int) c)
                        : reordering(c) ? String.format("\\u%04x", (int) c) : null;
            };
            if (esc != null && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                out.append(esc != null ? esc : String.valueOf(c));
            }
        }
        return out == null ? s : out.toString();
    }

    /** Characters that change the order or the lines in which the text after them is shown. */
    private static boolean reordering(char c) {
        return c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069') || c == '\u2028' || c == '\u2029';
    }

    /** A time of day to the second in the JVM's default zone now (the system's, see core.time.SystemZone). */
    public static String time(Instant t) {
        return CLOCK.withZone(ZoneId.systemDefault()).format(t);
    }
}
