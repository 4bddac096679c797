package org.watchtray.core.keys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses /proc/keys. The kernel prints descriptions raw (no escaping), so a description may
 * hold a newline and what follows it may look like a row. Rows come in strictly ascending
 * serial order (the kernel walks its serial tree), so a "row" whose serial does not ascend is
 * taken as the continuation of the previous description, and a line that is not a row at all
 * is too; both are reported as problems rather than dropped silently.
 */
public final class ProcKeys {
    /** serial, 7 flag characters, usage, timeout, perm, uid, gid, then the type (padded to 9 and a space). */
    private static final Pattern ROW = Pattern.compile(
            "([0-9a-f]{8}) ([I-][R-][D-][Q-][U-][N-][i-]) +(\\d+) +(\\S+) ([0-9a-f]{8}) +(-?\\d+) +(-?\\d+) (\\S{1,9})");
    /** "%-9.9s ": the type's text starts this far after the type's first character. */
    private static final int TYPE_COLUMN = 10;

    private ProcKeys() {
    }

    /** Rows and the problems met on the way. */
    public record Result(List<ProcKey> keys, List<String> problems) {
        public Result {
            keys = List.copyOf(keys);
            problems = List.copyOf(problems);
        }
    }

    public static Result parse(String text) {
        List<ProcKey> keys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isEmpty() && lineNo == lines.length) {
                break; // the final newline
            }
            ProcKey row = row(line);
            ProcKey previous = keys.isEmpty() ? null : keys.getLast();
            if (row != null && (previous == null || Integer.compareUnsigned(row.serial(), previous.serial()) > 0)) {
                keys.add(row);
                continue;
            }
            if (previous == null) {
                problems.add("line " + lineNo + ": not a /proc/keys row");
                continue;
            }
            // A description with a newline in it: glue the line back on.
            problems.add("line " + lineNo + ": continues the description of key " + previous.serial()
                    + (row == null ? "" : " (looks like a row but its serial does not ascend)"));
            keys.set(keys.size() - 1, new ProcKey(previous.serial(), previous.flags(), previous.usage(), previous.timeout(),
                    previous.perm(), previous.uid(), previous.gid(), previous.type(), previous.text() + "\n" + line));
        }
        return new Result(Collections.unmodifiableList(keys), problems);
    }

    /** One row, or null when the line is not one. */
    static ProcKey row(String line) {
        Matcher m = ROW.matcher(line);
        if (!m.lookingAt()) {
            return null;
        }
        int textStart = m.start(8) + TYPE_COLUMN;
        int typeEnd = m.end(8);
        for (int i = typeEnd; i < Math.min(textStart, line.length()); i++) {
            if (line.charAt(i) != ' ') {
                return null; // a type longer than the column: not the kernel's format
            }
        }
        KeyTimeout timeout = KeyTimeout.parse(m.group(4));
        if (timeout == null) {
            return null;
        }
        try {
            return new ProcKey(
                    Integer.parseUnsignedInt(m.group(1), 16),
                    m.group(2),
                    Integer.parseInt(m.group(3)),
                    timeout,
                    Integer.parseUnsignedInt(m.group(5), 16),
                    Integer.parseInt(m.group(6)),
                    Integer.parseInt(m.group(7)),
                    m.group(8),
                    textStart >= line.length() ? "" : line.substring(textStart));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
