package org.watchtray.core.thinpool;

import org.watchtray.core.parse.Numbers;
import org.watchtray.core.parse.Parsed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses a thin-pool table. {@code DM_TABLE_STATUS} with {@code DM_STATUS_TABLE_FLAG} returns
 * only the parameters ({@code <meta dev> <data dev> <block size> <low water> [<#features> <feature>...]});
 * {@code dmsetup table} prefixes them with {@code <start> <len> thin-pool}. Both are accepted.
 */
public final class ThinPoolTableParser {
    private static final long MIN_BLOCK = 128;
    private static final long MAX_BLOCK = 2_097_152;

    private ThinPoolTableParser() {
    }

    public static Parsed<ThinPoolTable> parse(String line) {
        if (line == null) {
            return Parsed.malformed("no table line", 0);
        }
        String trimmed = line.strip();
        String[] f = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        int at = 0;
        if (f.length >= 3 && f[2].equals("thin-pool")) {
            at = 3; // "<start> <len> thin-pool" prefix of a whole table line
        }
        if (f.length - at < 4) {
            return Parsed.malformed("thin-pool table has " + (f.length - at) + " parameters, expected at least 4: '"
                    + Parsed.clip(trimmed) + "'", at);
        }
        Long blockSize = Numbers.unsignedDecimal(f[at + 2]);
        if (blockSize == null || blockSize < MIN_BLOCK || blockSize > MAX_BLOCK || blockSize % MIN_BLOCK != 0) {
            return Parsed.malformed("data block size must be a multiple of 128 sectors in 128…2097152: '"
                    + Parsed.clip(f[at + 2]) + "'", at + 2);
        }
        Long lowWater = Numbers.unsignedDecimal(f[at + 3]);
        if (lowWater == null) {
            return Parsed.malformed("low water mark is not a number: '" + Parsed.clip(f[at + 3]) + "'", at + 3);
        }
        List<String> features = new ArrayList<>();
        if (f.length > at + 4) {
            Long count = Numbers.unsignedDecimal(f[at + 4]);
            if (count == null || count != f.length - at - 5) {
                return Parsed.malformed("feature count '" + Parsed.clip(f[at + 4]) + "' does not match the "
                        + (f.length - at - 5) + " features that follow", at + 4);
            }
            features.addAll(Arrays.asList(f).subList(at + 5, f.length));
        }
        return Parsed.ok(new ThinPoolTable(f[at], f[at + 1], blockSize, lowWater, features));
    }
}
