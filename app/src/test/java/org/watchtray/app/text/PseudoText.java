package org.watchtray.app.text;

/** What a text shown in a pseudo-locale keeps outside its pseudo-translated parts: hard-coded text and data. */
public final class PseudoText {
    private PseudoText() {
    }

    /** {@code text} without every bracketed pseudo-translation (innermost first, so nested ones go too). */
    public static String unmarked(String text) {
        String s = text;
        String open = String.valueOf(Pseudo.OPEN);
        String close = String.valueOf(Pseudo.CLOSE);
        String before;
        do {
            before = s;
            s = s.replaceAll(java.util.regex.Pattern.quote(open) + "[^" + open + close + "]*" + java.util.regex.Pattern.quote(close), " ");
        } while (!s.equals(before));
        return s;
    }

    /** Whether {@code text} holds at least one pseudo-translated part. */
    public static boolean marked(String text) {
        return text.indexOf(Pseudo.OPEN) >= 0;
    }
}
