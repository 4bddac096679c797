package org.watchtray.core.thinpool;

import org.watchtray.core.parse.Numbers;
import org.watchtray.core.parse.Parsed;
import java.util.OptionalLong;

/**
 * Parses a dm-thin pool status line (wire-formats §3.6):
 * {@code <transaction id> <used meta>/<total meta> <used data>/<total data> <held root>|-
 * rw|ro|out_of_data_space <discard> queue_if_no_space|error_if_no_space needs_check|- [<meta low watermark>]},
 * or the single words {@code Fail} / {@code Error}. The kernel leaves a trailing space; older
 * kernels stop after the mode word, so everything after it is optional. Unknown extra fields
 * (a newer kernel) are ignored.
 */
public final class ThinPoolStatusParser {
    private ThinPoolStatusParser() {
    }

    public static Parsed<ThinPoolStatus> parse(String line) {
        if (line == null) {
            return Parsed.malformed("no status line", 0);
        }
        String trimmed = line.strip();
        if (trimmed.equals("Fail")) {
            return Parsed.ok(ThinPoolStatus.modeOnly(ThinPoolStatus.Mode.FAIL));
        }
        if (trimmed.equals("Error")) {
            return Parsed.ok(ThinPoolStatus.modeOnly(ThinPoolStatus.Mode.ERROR));
        }
        String[] f = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        if (f.length < 5) {
            return Parsed.malformed("thin-pool status has " + f.length + " fields, expected at least 5: '" + Parsed.clip(trimmed) + "'", 0);
        }
        Long transaction = Numbers.unsignedDecimal(f[0]);
        long[] meta = fraction(f[1]);
        long[] data = fraction(f[2]);
        if (transaction == null) {
            return Parsed.malformed("transaction id is not a number: '" + Parsed.clip(f[0]) + "'", 0);
        }
        if (meta == null) {
            return Parsed.malformed("metadata usage is not used/total: '" + Parsed.clip(f[1]) + "'", 1);
        }
        if (data == null) {
            return Parsed.malformed("data usage is not used/total: '" + Parsed.clip(f[2]) + "'", 2);
        }
        ThinPoolStatus.Mode mode = switch (f[4]) {
            case "rw" -> ThinPoolStatus.Mode.WRITE;
            case "ro" -> ThinPoolStatus.Mode.READ_ONLY;
            case "out_of_data_space" -> ThinPoolStatus.Mode.OUT_OF_DATA_SPACE;
            default -> null;
        };
        if (mode == null) {
            return Parsed.malformed("unknown pool mode '" + Parsed.clip(f[4]) + "'", 4);
        }
        String discard = f.length > 5 ? f[5] : "";
        boolean errorIfNoSpace = f.length > 6 && f[6].equals("error_if_no_space");
        boolean needsCheck = f.length > 7 && f[7].equals("needs_check");
        OptionalLong lowWater = OptionalLong.empty();
        if (f.length > 8) {
            Long w = Numbers.unsignedDecimal(f[8]);
            if (w == null) {
                return Parsed.malformed("metadata low watermark is not a number: '" + Parsed.clip(f[8]) + "'", 8);
            }
            lowWater = OptionalLong.of(w);
        }
        return Parsed.ok(new ThinPoolStatus(mode, transaction, meta[0], meta[1], data[0], data[1],
                f[3], discard, errorIfNoSpace, needsCheck, lowWater));
    }

    /** "used/total" with used ≤ total and total > 0, else null. */
    private static long[] fraction(String field) {
        int slash = field.indexOf('/');
        if (slash < 0) {
            return null;
        }
        Long used = Numbers.unsignedDecimal(field.substring(0, slash));
        Long total = Numbers.unsignedDecimal(field.substring(slash + 1));
        if (used == null || total == null || total == 0 || used > total) {
            return null;
        }
        return new long[] {used, total};
    }

}
