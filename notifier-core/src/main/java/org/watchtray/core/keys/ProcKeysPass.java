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
 * One parse of /proc/keys for {@link ProcKeys#parse}: the lines, their row heads, the lines
 * known descriptions span, and what is decided for each wanted key. Linear in the text.
 */
final class ProcKeysPass {
    private final String text;
    private final IntPredicate wanted;
    private final IntFunction<KeyLookup> lookup;
    private final Map<Integer, KeyLookup> looked = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private int unlisted;
    private int[] lineStart;
    private int[] lineEnd;
    private ProcKeyHead[] heads;
    private boolean[] inner;

ProcKeysPass(String text, IntPredicate wanted, IntFunction<KeyLookup> lookup) {
        this.text = text;
        this.wanted = wanted;
        this.lookup = lookup;
    }

    private KeyLookup lookup(int serial) {
        return looked.computeIfAbsent(serial, lookup::apply);
    }

    ProcKeys.Result run() {
        splitLines();
        int n = lineStart.length;
        heads = new ProcKeyHead[n];
        for (int i = 0; i < n; i++) {
            heads[i] = ProcKeyHead.parse(text, lineStart[i], lineEnd[i]);
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
            ProcKeyHead h = heads[i];
            if (h == null || inner[i] || counts.get(h.serial()) != 1 || !ask.test(h.serial())
                    || !(lookup(h.serial()) instanceof KeyLookup.Found f)) {
                continue;
            }
            String description = f.description().description();
            // A description ending in a newline at the very end of the text spans no further line.
            int spanned = Math.min(spannedLines(h, description), heads.length - 1 - i);
            for (int j = i + 1; j <= i + spanned; j++) {
                inner[j] = true;
            }
            i += spanned;
        }
    }

    /** How many lines after its head's the description continues on, or 0 when the text there is not that description. */
    private int spannedLines(ProcKeyHead h, String description) {
        int newlines = 0;
        for (int k = description.indexOf('\n'); k >= 0; k = description.indexOf('\n', k + 1)) {
            newlines++;
        }
        // Matching newline for newline, the description ends on the line that many lines down.
        return newlines > 0 && text.regionMatches(h.textStart(), description, 0, description.length()) ? newlines : 0;
    }

    private ProcKeys.Result collect(Map<Integer, Integer> counts) {
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
            ProcKeyHead h = heads[i];
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
        return new ProcKeys.Result(rows, unsure, seen, problems);
    }

    private void decide(ProcKeyHead h, ProcKey row, int shown, int line, Map<Integer, ProcKey> rows, Set<Integer> unsure) {
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
        switch (ProcKeys.verdict(row, known)) {
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
        if (problems.size() < ProcKeys.MAX_PROBLEMS) {
            problems.add(p);
        } else {
            unlisted++;
        }
    }
}
