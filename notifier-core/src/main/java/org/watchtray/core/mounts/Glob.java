package org.watchtray.core.mounts;

import java.util.regex.Pattern;

/**
 * A shell-style pattern on paths and names: {@code *} matches within one path component,
 * {@code **} across components, {@code ?} one character other than {@code /}; everything else
 * is literal. A trailing {@code /**} also matches the directory itself, so {@code /snap/**}
 * covers {@code /snap} and everything below it. Paths may hold any character, newlines included.
 */
public final class Glob {
    private final String text;
    private final Pattern pattern;

    private Glob(String text, Pattern pattern) {
        this.text = text;
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
        return new Glob(glob, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    public boolean matches(String s) {
        return pattern.matcher(s).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
