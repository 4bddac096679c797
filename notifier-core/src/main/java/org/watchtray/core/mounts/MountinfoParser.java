package org.watchtray.core.mounts;

import org.watchtray.core.parse.Octal;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.watchtray.core.mounts.MountEntry;

/**
 * Parses {@code /proc/PID/mountinfo} (fs/proc_namespace.c {@code show_mountinfo}) exactly:
 *
 * <pre>
 * 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 * (1)(2)(3)   (4)   (5)      (6)      (7)    (8) (9)     (10)         (11)
 * </pre>
 *
 * (1) mount ID, (2) parent ID, (3) major:minor, (4) root, (5) mount point, (6) per-mount
 * options, (7) zero or more optional fields, (8) the lone {@code -} separator, (9) filesystem
 * type, (10) source (may be empty), (11) super options (the rest of the line). Fields are
 * separated by exactly one space; the kernel escapes space, tab, newline and backslash in paths
 * as {@code \040 \011 \012 \134}, which are undone here so entries carry the real strings.
 *
 * <p>A malformed line is reported as a {@link Problem} (with its mount ID when that much could
 * be read, so a caller can keep the previous state of that mount) and never stops the others.
 */
public final class MountinfoParser {
    private MountinfoParser() {
    }

    /** A line that could not be parsed. {@code offset} is the line's character offset in the text. */
    public record Problem(int line, long offset, OptionalInt mountId, String reason, String text) {
    }

    public record Result(List<MountEntry> entries, List<Problem> problems) {
        public Result {
            entries = List.copyOf(entries);
            problems = List.copyOf(problems);
        }
    }

    /** Parses a whole file; every line ends with a newline, a missing final one is tolerated. */
    public static Result parse(String text) {
        List<MountEntry> entries = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int start = 0;
        int lineNumber = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNumber++;
            String line = text.substring(start, end);
            try {
                entries.add(parseLine(line));
            } catch (MalformedLine e) {
                problems.add(new Problem(lineNumber, start, leadingId(line), e.getMessage(), line));
            }
            start = end + 1;
        }
        return new Result(entries, problems);
    }

    /** Parses one line (without its newline). */
    public static MountEntry parseLine(String line) throws MalformedLine {
        Cursor c = new Cursor(line);
        int mountId = c.intField("mount ID");
        int parentId = c.intField("parent ID");
        String device = c.field("major:minor");
        int colon = device.indexOf(':');
        if (colon <= 0) {
            throw new MalformedLine("major:minor '" + device + "' has no ':'");
        }
        int major = unsigned(device.substring(0, colon), "major");
        int minor = unsigned(device.substring(colon + 1), "minor");
        String root = nonEmpty(c.field("root"), "root");
        String mountPoint = nonEmpty(c.field("mount point"), "mount point");
        String mountOptions = readWrite(c.field("mount options"), "mount options");
        List<String> optional = new ArrayList<>(2);
        while (true) {
            if (c.atEnd()) {
                throw new MalformedLine("no '-' separator after the optional fields");
            }
            String tag = c.field("optional field");
            if (tag.equals("-")) {
                break;
            }
            optional.add(optionalField(tag));
        }
        String fsType = nonEmpty(c.field("filesystem type"), "filesystem type");
        String source = c.field("source");
        if (c.atEnd()) {
            throw new MalformedLine("no super options");
        }
        String superOptions = readWrite(c.rest(), "super options");
        return new MountEntry(0, mountId, parentId, major, minor, Octal.unescape(root), Octal.unescape(mountPoint),
                mountOptions, optional, Octal.unescape(fsType), Octal.unescape(source), superOptions);
    }

    /** The mount ID of a line too broken to parse, when its first field is still a number. */
    private static OptionalInt leadingId(String line) {
        int space = line.indexOf(' ');
        try {
            return OptionalInt.of(unsigned(space < 0 ? line : line.substring(0, space), "mount ID"));
        } catch (MalformedLine e) {
            return OptionalInt.empty();
        }
    }

    /** {@code shared:N}, {@code master:N}, {@code propagate_from:N} or {@code unbindable}; other tags are kept as they are (newer kernels may add some). */
    private static String optionalField(String tag) throws MalformedLine {
        int colon = tag.indexOf(':');
        String name = colon < 0 ? tag : tag.substring(0, colon);
        switch (name) {
            case "shared", "master", "propagate_from" -> {
                if (colon < 0) {
                    throw new MalformedLine("optional field '" + tag + "' has no peer group number");
                }
                unsigned(tag.substring(colon + 1), name);
            }
            case "unbindable" -> {
                if (colon >= 0) {
                    throw new MalformedLine("optional field '" + tag + "' takes no value");
                }
            }
            default -> {
                // An unknown tag from a newer kernel: keep it.
            }
        }
        return tag;
    }

    private static String readWrite(String options, String what) throws MalformedLine {
        if (!(options.equals("ro") || options.equals("rw") || options.startsWith("ro,") || options.startsWith("rw,"))) {
            throw new MalformedLine(what + " '" + options + "' do not start with ro or rw");
        }
        return options;
    }

    private static String nonEmpty(String s, String what) throws MalformedLine {
        if (s.isEmpty()) {
            throw new MalformedLine(what + " is empty");
        }
        return s;
    }

    private static int unsigned(String s, String what) throws MalformedLine {
        if (s.isEmpty() || s.length() > 10) {
            throw new MalformedLine(what + " '" + s + "' is not a number");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new MalformedLine(what + " '" + s + "' is not a number");
            }
            v = v * 10 + (ch - '0');
        }
        if (v > Integer.MAX_VALUE) {
            throw new MalformedLine(what + " " + s + " is out of range");
        }
        return (int) v;
    }

    /** Walks single-space separated fields. */
    private static final class Cursor {
        private final String line;
        private int pos;

        Cursor(String line) {
            this.line = line;
        }

        boolean atEnd() {
            return pos > line.length();
        }

        String field(String what) throws MalformedLine {
            if (atEnd()) {
                throw new MalformedLine("line ends before the " + what);
            }
            int space = line.indexOf(' ', pos);
            int end = space < 0 ? line.length() : space;
            String s = line.substring(pos, end);
            pos = end + 1;
            return s;
        }

        int intField(String what) throws MalformedLine {
            return unsigned(field(what), what);
        }

        String rest() {
            String s = line.substring(pos);
            pos = line.length() + 1;
            return s;
        }
    }

    /** Why a line could not be parsed. */
    public static final class MalformedLine extends Exception {
        public MalformedLine(String message) {
            super(message);
        }
    }
}
