package org.watchtray.core.mounts;

import java.util.regex.Pattern;

/**
 * A shell-style pattern on paths and names: {@code *} matches within one path component,
 * {@code **} across components, {@code ?} one character other than {@code /}; everything else
 * is literal. A trailing {@code /**} also matches the directory itself, so {@code /snap/**}
 * covers {@code /snap} and everything below it. Paths may hold any character, newlines included.
 *
 * <p>Matching allocates nothing for the rules users write most: a literal ({@code proc}), a
 * directory and everything below it ({@code /proc/**}), and any path that does not start with the
 * glob's literal beginning. Only the rest runs the regular expression, whose matcher costs a few
 * hundred bytes: every mount change is checked against every rule, and that garbage alone made
 * young collections (and their millisecond pauses) several times more frequent.
 */
public final class Glob {
    private final String text;
    /** The literal text before the first wildcard (all of it for a literal glob). */
    private final String prefix;
    private final Shape shape;
    /** Null for the shapes matched without it. */
    private final Pattern pattern;

    private enum Shape {
        /** No wildcard: equality. */
        LITERAL,
        /** {@code LITERAL/**} and nothing else: the directory or anything below it. */
        DIRECTORY,
        /** Anything else: the prefix, then the regular expression. */
        PATTERN
    }

    private Glob(String text, String prefix, Shape shape, Pattern pattern) {
        this.text = text;
        this.prefix = prefix;
        this.shape = shape;
        this.pattern = pattern;
    }

    public static Glob compile(String glob) {
        StringBuilder re = new StringBuilder(glob.length() + 16);
        String body = glob;
        boolean underDirectory = glob.endsWith("/**") && glob.length() > 3;
        if (underDirectory) {
            body = glob.substring(0, glob.length() - 3);
        }
        int literalStart = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '*' && c != '?') {
                continue;
            }
            if (i > literalStart) {
                re.append(Pattern.quote(body.substring(literalStart, i)));
            }
            if (c == '?') {
                re.append("[^/]");
            } else if (i + 1 < body.length() && body.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else {
                re.append("[^/]*");
            }
            literalStart = i + 1;
        }
        if (literalStart < body.length()) {
            re.append(Pattern.quote(body.substring(literalStart)));
        }
        if (underDirectory) {
            re.append("(?:/.*)?");
        }
        int firstWildcard = firstWildcard(glob);
        if (firstWildcard < 0) {
            return new Glob(glob, glob, Shape.LITERAL, null);
        }
        if (underDirectory && firstWildcard(body) < 0) {
            return new Glob(glob, body, Shape.DIRECTORY, null);
        }
        return new Glob(glob, glob.substring(0, firstWildcard), Shape.PATTERN, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    private static int firstWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?') {
                return i;
            }
        }
        return -1;
    }

    public boolean matches(String s) {
        return switch (shape) {
            case LITERAL -> s.equals(prefix);
            case DIRECTORY -> s.startsWith(prefix) && (s.length() == prefix.length() || s.charAt(prefix.length()) == '/');
            case PATTERN -> s.startsWith(prefix) && pattern.matcher(s).matches();
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
