package org.watchtray.core.keys;

/**
 * The fixed-layout head of a /proc/keys row, as security/keys/proc.c prints it:
 * {@code "%08x %c%c%c%c%c%c%c %5d %4s %08x %5d %5d %-9.9s "}, up to where the type's own text
 * starts. Checked field by field in constant time: eight lower-case hex digits, the seven flag
 * letters or '-', numbers right-aligned to their minimum width (padded only when shorter),
 * a timeout column {@link KeyTimeout} knows, and a type padded to exactly nine characters.
 */
record ProcKeyHead(int serial, String flags, int usage, KeyTimeout timeout, int perm, int uid, int gid, String type, int textStart) {

    /** The row whose text runs from the head's end to {@code end} of {@code text}. */
    ProcKey row(String text, int end) {
        return new ProcKey(serial, flags, usage, timeout, perm, uid, gid, type, text.substring(Math.min(textStart, end), end));
    }

    /** The head of the line {@code text[from, to)}, or null when it is not the kernel's layout. */
    static ProcKeyHead parse(String text, int from, int to) {
        Cursor c = new Cursor(text, from, to);
        Integer serial = c.hex8();
        String flags = c.space() ? c.flags() : null;
        Long usage = flags != null && c.space() ? c.padded(5, true) : null;
        String timeoutColumn = usage != null && c.space() ? c.paddedWord(4) : null;
        KeyTimeout timeout = timeoutColumn == null ? null : KeyTimeout.parse(timeoutColumn);
        Integer perm = timeout != null && c.space() ? c.hex8() : null;
        Long uid = perm != null && c.space() ? c.padded(5, true) : null;
        Long gid = uid != null && c.space() ? c.padded(5, true) : null;
        String type = gid != null && c.space() ? c.type() : null;
        if (serial == null || type == null || !c.space() || usage > Integer.MAX_VALUE
                || uid < Integer.MIN_VALUE || uid > Integer.MAX_VALUE || gid < Integer.MIN_VALUE || gid > Integer.MAX_VALUE) {
            return null;
        }
        return new ProcKeyHead(serial, flags, (int) (long) usage, timeout, perm, (int) (long) uid, (int) (long) gid, type, c.at);
    }

    /** Reads the fixed-width fields of a row head; every method returns null (or false) on a mismatch. */
    private static final class Cursor {
        private static final String FLAGS = "IRDQUNi";
        final String s;
        final int end;
        int at;

        Cursor(String s, int from, int end) {
            this.s = s;
            this.at = from;
            this.end = end;
        }

        boolean space() {
            if (at < end && s.charAt(at) == ' ') {
                at++;
                return true;
            }
            return false;
        }

        /** "%08x": exactly eight lower-case hex digits. */
        Integer hex8() {
            if (end - at < 8) {
                return null;
            }
            int v = 0;
            for (int i = 0; i < 8; i++) {
                char ch = s.charAt(at + i);
                int d = isDigit(ch) ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
                if (d < 0) {
                    return null;
                }
                v = v << 4 | d;
            }
            at += 8;
            return v;
        }

        /** Seven flag characters, each its letter or '-'. */
        String flags() {
            if (end - at < FLAGS.length()) {
                return null;
            }
            for (int i = 0; i < FLAGS.length(); i++) {
                char ch = s.charAt(at + i);
                if (ch != '-' && ch != FLAGS.charAt(i)) {
                    return null;
                }
            }
            at += FLAGS.length();
            return s.substring(at - FLAGS.length(), at);
        }

        /** "%Nd": right-aligned in at least {@code width} characters, so padded only when shorter. */
        Long padded(int width, boolean signed) {
            int start = at;
            while (at < end && s.charAt(at) == ' ') {
                at++;
            }
            int digitsStart = at;
            if (signed && at < end && s.charAt(at) == '-') {
                at++;
            }
            int firstDigit = at;
            while (at < end && at - firstDigit < 11 && isDigit(s.charAt(at))) {
                at++;
            }
            int length = at - start;
            boolean padding = digitsStart > start;
            if (at == firstDigit || (at < end && isDigit(s.charAt(at)))
                    || (padding ? length != width : length < width)) {
                return null;
            }
            return Long.parseLong(s, digitsStart, at, 10);
        }

        private static boolean isDigit(char ch) {
            return ch >= '0' && ch <= '9';
        }

        /** "%Ns": a word right-aligned in at least {@code width} characters. */
        String paddedWord(int width) {
            int start = at;
            while (at < end && s.charAt(at) == ' ') {
                at++;
            }
            int wordStart = at;
            while (at < end && at - wordStart < 16 && s.charAt(at) != ' ') {
                at++;
            }
            int length = at - start;
            boolean padding = wordStart > start;
            if (at == wordStart || (at < end && s.charAt(at) != ' ') || (padding ? length != width : length < width)) {
                return null;
            }
            return s.substring(wordStart, at);
        }

        /** "%-9.9s": the type name (no spaces), left-aligned and padded to exactly nine characters. */
        String type() {
            if (end - at < 9) {
                return null;
            }
            int nameEnd = at;
            while (nameEnd < at + 9 && s.charAt(nameEnd) > ' ') {
                nameEnd++;
            }
            for (int i = nameEnd; i < at + 9; i++) {
                if (s.charAt(i) != ' ') {
                    return null;
                }
            }
            if (nameEnd == at) {
                return null;
            }
            String type = s.substring(at, nameEnd);
            at += 9;
            return type;
        }
    }
}
