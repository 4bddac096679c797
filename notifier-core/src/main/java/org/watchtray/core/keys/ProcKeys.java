package org.watchtray.core.keys;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.watchtray.core.os.Errno;

/**
 * Parses /proc/keys (security/keys/proc.c) in one linear pass, without ever taking a
 * description's text for a key's row.
 *
 * <p>Why the text alone cannot be trusted: the kernel prints each key as
 * {@code "%08x %c%c%c%c%c%c%c %5d %4s %08x %5d %5d %-9.9s "} followed by the key type's own
 * text, which starts with the description, printed raw. A description may hold newlines, so
 * whoever can create a key that this user can view (any user, by granting "other" View on
 * their own key) can put lines into our /proc/keys that are shaped exactly like rows, with any
 * serial and any timeout or flags. No syntax tells them apart from real rows.
 *
 * <p>What makes the result safe is what the kernel guarantees besides the text:
 * <ol>
 * <li>Every key the reader may view is printed exactly once, and only those. So for a key we
 *     can view, its real row is in the text, and a forged row for it makes its serial appear
 *     twice. A serial shown twice is never read: it is <em>unsure</em> (it exists, its values
 *     are unknown this time), so the tracker keeps what it knew and reports nothing.</li>
 * <li>For a key we cannot view there is no real row, so any row for it is forged. Every row
 *     that is used is checked with KEYCTL_DESCRIBE, which needs the same View permission
 *     ({@link #verdict}): a key that cannot be described is never read from its row.
 *     Revoked, expired and invalidated keys cannot be described, but are still shown until
 *     collected; their row is used only when it says what DESCRIBE's error already said
 *     (revoked, "expd", invalidated), so it cannot claim otherwise.</li>
 * <li>A description never changes. Where a key's exact description is known (DESCRIBE), the
 *     lines it spans are known too, and row-shaped lines inside it are not rows. When a serial
 *     is shown twice, every shown key is described, so forged lines inside describable keys'
 *     descriptions are set apart and the real row stands alone again; only a forgery inside a
 *     key that cannot be described (revoked, expired) keeps the serial unsure.</li>
 * </ol>
 * Rows only ascend by serial in the kernel's walk, but an order break is only reported: a
 * forged row with a large serial would otherwise hide every real row after it.
 *
 * <p>Linear: lines are found once, each candidate row's head is checked in constant time
 * (its fields have fixed widths), and each row's text is cut once from the input.
 */
public final class ProcKeys {
    /** At most this many problems are listed one by one; the rest are counted. */
    static final int MAX_PROBLEMS = 20;

    private ProcKeys() {
    }

    /**
     * What one read showed.
     *
     * @param rows     the rows of the wanted keys that could be verified, by serial
     * @param unsure   wanted keys that exist but whose row could not be told from a forged one
     * @param seen     every serial shown in a row-shaped line, verified or not (only good for
     *                 telling a key that existed before from a new one)
     * @param problems what was odd, in words, at most {@link #MAX_PROBLEMS} and a count
     */
    public record Result(Map<Integer, ProcKey> rows, Set<Integer> unsure, Set<Integer> seen, List<String> problems) {
        public Result {
            rows = Map.copyOf(rows);
            unsure = Set.copyOf(unsure);
            seen = Set.copyOf(seen);
            problems = List.copyOf(problems);
        }
    }

    /** How far a row can be trusted, given what KEYCTL_DESCRIBE says about its serial. */
    public enum Verdict {
        /** The row is the key's own. */
        TRUSTED,
        /** The key exists but this row may not be its own: its values are unknown this time. */
        UNSURE,
        /** There is no such key: the row is forged (or the key died since the read). */
        ABSENT
    }

    /**
     * Parses {@code text}, keeping the rows of the {@code wanted} serials that hold up against
     * {@code lookup} (KEYCTL_DESCRIBE; called at most once per serial).
     */
    public static Result parse(String text, IntPredicate wanted, IntFunction<KeyLookup> lookup) {
        return new Pass(text, wanted, lookup).run();
    }

    /**
     * Whether a row (the only one shown for its serial) can be used. A key that can be
     * described can be viewed, so its real row is in the text: being the only one, this is it.
     */
    public static Verdict verdict(ProcKey row, KeyLookup lookup) {
        return switch (lookup) {
            case KeyLookup.Found f -> row.type().equals(truncatedType(f.description().type())) ? Verdict.TRUSTED : Verdict.UNSURE;
            // ENOKEY is also what an invalidated key, still shown until it is collected, answers.
            case KeyLookup.Gone g -> row.invalidated() ? Verdict.TRUSTED : Verdict.ABSENT;
            case KeyLookup.Unreadable u -> switch (u.errno()) {
                case EKEYREVOKED -> row.revoked() ? Verdict.TRUSTED : Verdict.UNSURE;
                case EKEYEXPIRED -> row.timeout().kind() == KeyTimeout.Kind.EXPIRED ? Verdict.TRUSTED : Verdict.UNSURE;
                default -> Verdict.UNSURE; // not viewable: it has no real row, so this one is forged
            };
        };
    }

    /** "%-9.9s": the kernel prints at most nine characters of the type name. */
    static String truncatedType(String type) {
        return type.length() > 9 ? type.substring(0, 9) : type;
    }

    /** One line as a row on its own, or null when it is not in the kernel's row layout. */
    static ProcKey row(String line) {
        Head h = Head.parse(line, 0, line.length());
        return h == null ? null : h.row(line, line.length());
    }

    /** The fixed-layout part of a row, up to where the type's text starts. */
    private record Head(int serial, String flags, int usage, KeyTimeout timeout, int perm, int uid, int gid, String type,
                        int textStart) {

        ProcKey row(String text, int end) {
            return new ProcKey(serial, flags, usage, timeout, perm, uid, gid, type, text.substring(Math.min(textStart, end), end));
        }

        /** The head of the line {@code text[from, to)}, or null when it is not the kernel's layout. */
        static Head parse(String text, int from, int to) {
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
            return new Head(serial, flags, (int) (long) usage, timeout, perm, (int) (long) uid, (int) (long) gid, type, c.at);
        }
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

    /** One parse: the lines, their heads, and the decisions. */
    private static final class Pass {
        private final String text;
        private final IntPredicate wanted;
        private final IntFunction<KeyLookup> lookup;
        private final Map<Integer, KeyLookup> looked = new HashMap<>();
        private final List<String> problems = new ArrayList<>();
        private int unlisted;
        private int[] lineStart;
        private int[] lineEnd;
        private Head[] heads;
        private boolean[] inner;

        Pass(String text, IntPredicate wanted, IntFunction<KeyLookup> lookup) {
            this.text = text;
            this.wanted = wanted;
            this.lookup = lookup;
        }

        private KeyLookup lookup(int serial) {
            return looked.computeIfAbsent(serial, lookup::apply);
        }

        Result run() {
            splitLines();
            int n = lineStart.length;
            heads = new Head[n];
            for (int i = 0; i < n; i++) {
                heads[i] = Head.parse(text, lineStart[i], lineEnd[i]);
            }
            inner = new boolean[n];
            Map<Integer, Integer> counts = count();
            boolean forgery = counts.values().stream().anyMatch(c -> c > 1);
            // Known descriptions set apart the lines inside them; with a forgery about, every shown key is asked.
            IntPredicate ask = forgery ? serial -> true : wanted;
            markDescriptions(counts, ask);
            if (forgery) {
                // Twice: a real row set free by the first pass may itself span lines.
                counts = count();
                markDescriptions(counts, ask);
                counts = count();
            }
            return collect(counts);
        }

        private void splitLines() {
            List<Integer> starts = new ArrayList<>();
            int from = 0;
            while (from < text.length()) {
                starts.add(from);
                int nl = text.indexOf('\n', from);
                from = nl < 0 ? text.length() : nl + 1;
            }
            lineStart = new int[starts.size()];
            lineEnd = new int[starts.size()];
            for (int i = 0; i < lineStart.length; i++) {
                lineStart[i] = starts.get(i);
                int next = i + 1 < lineStart.length ? starts.get(i + 1) : text.length();
                lineEnd[i] = next > lineStart[i] && text.charAt(next - 1) == '\n' ? next - 1 : next;
            }
        }

        private Map<Integer, Integer> count() {
            Map<Integer, Integer> counts = new HashMap<>();
            for (int i = 0; i < heads.length; i++) {
                if (heads[i] != null && !inner[i]) {
                    counts.merge(heads[i].serial(), 1, Integer::sum);
                }
            }
            return counts;
        }

        /** A key shown once whose exact description is known spans exactly its description's lines. */
        private void markDescriptions(Map<Integer, Integer> counts, IntPredicate ask) {
            for (int i = 0; i < heads.length; i++) {
                Head h = heads[i];
                if (h == null || inner[i] || counts.get(h.serial()) != 1 || !ask.test(h.serial())
                        || !(lookup(h.serial()) instanceof KeyLookup.Found f)) {
                    continue;
                }
                String description = f.description().description();
                int spanned = spannedLines(h, description);
                for (int j = i + 1; j <= i + spanned; j++) {
                    inner[j] = true;
                }
                i += spanned;
            }
        }

        /** How many lines after its head's the description continues on, or 0 when the text there is not that description. */
        private int spannedLines(Head h, String description) {
            int newlines = 0;
            for (int k = description.indexOf('\n'); k >= 0; k = description.indexOf('\n', k + 1)) {
                newlines++;
            }
            // Matching newline for newline, the description ends on the line that many lines down.
            return newlines > 0 && text.regionMatches(h.textStart(), description, 0, description.length()) ? newlines : 0;
        }

        private Result collect(Map<Integer, Integer> counts) {
            Map<Integer, ProcKey> rows = new LinkedHashMap<>();
            Set<Integer> unsure = new LinkedHashSet<>();
            Set<Integer> seen = new HashSet<>();
            int i = 0;
            int notRows = 0;
            while (i < heads.length && heads[i] == null) {
                notRows++;
                i++;
            }
            if (notRows > 0) {
                problem(notRows == 1 ? "line 1 is not a /proc/keys row" : "lines 1\u2013" + notRows + " are not /proc/keys rows");
            }
            int previousSerial = 0;
            while (i < heads.length) {
                Head h = heads[i];
                int last = i;
                while (last + 1 < heads.length && (heads[last + 1] == null || inner[last + 1])) {
                    last++;
                }
                if (last > i) {
                    problem((last == i + 1 ? "line " + (i + 2) + " continues" : "lines " + (i + 2) + "\u2013" + (last + 1) + " continue")
                            + " the description of key " + h.serial());
                }
                if (Integer.compareUnsigned(h.serial(), previousSerial) <= 0) {
                    problem("line " + (i + 1) + " looks like a row of key " + h.serial()
                            + " but breaks the kernel's ascending order: a description holds a newline");
                }
                previousSerial = h.serial();
                seen.add(h.serial());
                decide(h, h.row(text, lineEnd[last]), counts.get(h.serial()), i, rows, unsure);
                i = last + 1;
            }
            if (unlisted > 0) {
                problems.add("and " + unlisted + " more problems");
            }
            return new Result(rows, unsure, seen, problems);
        }

        private void decide(Head h, ProcKey row, int shown, int line, Map<Integer, ProcKey> rows, Set<Integer> unsure) {
            int serial = h.serial();
            if (!wanted.test(serial)) {
                return;
            }
            KeyLookup known = lookup(serial);
            if (shown > 1) {
                if (!(known instanceof KeyLookup.Gone) && unsure.add(serial)) {
                    problem("key " + serial + " is shown in " + shown + " rows (a description holds a forged one): its values are not read");
                }
                return;
            }
            switch (verdict(row, known)) {
                case TRUSTED -> rows.put(serial, row);
                case UNSURE -> {
                    unsure.add(serial);
                    problem("line " + (line + 1) + " is not the row of key " + serial + " (" + why(known) + "): its values are not read");
                }
                case ABSENT -> problem("line " + (line + 1) + " shows key " + serial + ", which does not exist: not read");
            }
        }

        private static String why(KeyLookup known) {
            return switch (known) {
                case KeyLookup.Found f -> "KEYCTL_DESCRIBE says its type is " + f.description().type();
                case KeyLookup.Unreadable u when u.errno() == Errno.EKEYREVOKED -> "the key is revoked but the row says otherwise";
                case KeyLookup.Unreadable u when u.errno() == Errno.EKEYEXPIRED -> "the key has expired but the row says otherwise";
                case KeyLookup.Unreadable u -> "the key cannot be viewed, so the kernel shows no row for it";
                case KeyLookup.Gone g -> "no such key";
            };
        }

        private void problem(String p) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(p);
            } else {
                unlisted++;
            }
        }
    }
}
