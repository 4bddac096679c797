package org.watchtray.app.text;

/**
 * Pseudo-translation of a MessageFormat pattern, for tests that look for hard-coded and cut-off
 * text: the words of a pattern become accented look-alikes (or, for the pseudo right-to-left
 * locale, Hebrew letters), 40 % longer, between {@link #OPEN} and {@link #CLOSE}. Arguments
 * ({@code {0}}, {@code {1,number,integer}}) stay as they are, and so do the limits of a
 * {@code choice}, whose texts are translated in turn. A window then shows every text that came
 * from the bundle bracketed and longer, and anything else, hard-coded, as plain English.
 */
final class Pseudo {
    /** Marks where a pseudo-translated text begins and ends; never found in the English texts. */
    static final char OPEN = '\u27e6';
    static final char CLOSE = '\u27e7';
    private static final String PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ACCENTED = "\u00e5\u0180\u00e7\u00f0\u00e9\u0192\u011d\u0125\u00ee\u0135\u0137\u013c\u0271\u00f1\u00f6\u00fe\u01eb\u0155\u0161\u0163\u00fb\u1e7d\u0175\u1e8b\u00fd\u017e"
            + "\u00c5\u0181\u00c7\u00d0\u00c9\u0191\u011c\u0124\u00ce\u0134\u0136\u013b\u1e3e\u00d1\u00d6\u00de\u01ea\u0154\u0160\u0162\u00db\u1e7c\u0174\u1e8a\u00dd\u017d";
    /** 26 letters of the Hebrew block, strongly right-to-left, for both cases. */
    private static final String HEBREW = "\u05d0\u05d1\u05d2\u05d3\u05d4\u05d5\u05d6\u05d7\u05d8\u05d9\u05da\u05db\u05dc\u05dd\u05de\u05df\u05e0\u05e1\u05e2\u05e3\u05e4\u05e5\u05e6\u05e7\u05e8\u05e9";

    private final boolean rightToLeft;

    Pseudo(boolean rightToLeft) {
        this.rightToLeft = rightToLeft;
    }

    /** The pattern pseudo-translated; still a valid MessageFormat pattern with the same arguments. */
    String translate(String pattern) {
        return OPEN + text(pattern) + CLOSE;
    }

    /** Words outside braces are changed and lengthened; arguments are copied, choice texts recursed into. */
    private String text(String pattern) {
        StringBuilder out = new StringBuilder();
        int letters = 0;
        int i = 0;
        boolean quoted = false;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                // '' is a quote; a lone ' starts or ends quoted literal text (braces inside are literal).
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                    out.append("''");
                    i += 2;
                    continue;
                }
                quoted = !quoted;
                out.append(c);
                i++;
                continue;
            }
            if (c == '{' && !quoted) {
                int end = matching(pattern, i);
                out.append(argument(pattern.substring(i + 1, end)));
                i = end + 1;
                continue;
            }
            int at = PLAIN.indexOf(c);
            if (at >= 0) {
                letters++;
                out.append(rightToLeft ? HEBREW.charAt(at % 26) : ACCENTED.charAt(at));
            } else {
                out.append(c);
            }
            i++;
        }
        // 40 % longer, as German or Finnish often are; at least one more character.
        int extra = Math.max(1, (int) Math.ceil(letters * 0.4));
        return out.append(rightToLeft ? "\u05e9".repeat(extra) : "\u00b7".repeat(extra)).toString();
    }

    /** "0", "0,number,integer", "0,choice,1#one|1<{0} more": a choice's texts are translated, the rest kept. */
    private String argument(String inner) {
        String[] parts = inner.split(",", 3);
        if (parts.length == 3 && parts[1].strip().equals("choice")) {
            StringBuilder choices = new StringBuilder();
            for (String option : splitTop(parts[2])) {
                int sep = firstOf(option, '#', '<', '\u2264');
                choices.append(choices.isEmpty() ? "" : "|").append(option, 0, sep + 1).append(text(option.substring(sep + 1)));
            }
            return "{" + parts[0] + "," + parts[1] + "," + choices + "}";
        }
        return "{" + inner + "}";
    }

    private static int firstOf(String s, char... cs) {
        int best = -1;
        for (char c : cs) {
            int i = s.indexOf(c);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("a choice without a limit: " + s);
        }
        return best;
    }

    /** Splits a choice pattern at the '|' that are not inside nested braces. */
    private static java.util.List<String> splitTop(String choice) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < choice.length(); i++) {
            char c = choice.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(choice.substring(from, i));
                from = i + 1;
            }
        }
        out.add(choice.substring(from));
        return out;
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '{') {
                depth++;
            } else if (s.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces in " + s);
    }
}
