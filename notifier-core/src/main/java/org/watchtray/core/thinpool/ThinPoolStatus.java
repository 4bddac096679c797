package org.watchtray.core.thinpool;

import java.util.OptionalLong;

/**
 * One dm-thin pool status line (STATUSTYPE_INFO), as {@code DM_TABLE_STATUS} or
 * {@code dmsetup status} reports it. Block counts are -1 when the pool is in Fail/Error mode,
 * where the kernel prints nothing but that word.
 *
 * @param usedMetadataBlocks  4 KiB metadata blocks in use
 * @param usedDataBlocks      data blocks (of the table's data block size) in use
 * @param heldMetadataRoot    the held metadata root, or "-" when none
 * @param discard             discard_passdown, no_discard_passdown or ignore_discard ("" when absent)
 * @param errorIfNoSpace      true for error_if_no_space, false for queue_if_no_space
 * @param metadataLowWatermark the metadata low-water threshold in blocks (newer kernels only)
 */
public record ThinPoolStatus(Mode mode, long transactionId,
                             long usedMetadataBlocks, long totalMetadataBlocks,
                             long usedDataBlocks, long totalDataBlocks,
                             String heldMetadataRoot, String discard, boolean errorIfNoSpace,
                             boolean needsCheck, OptionalLong metadataLowWatermark) {

    /** The pool's mode word. */
    public enum Mode {
        WRITE("rw"), READ_ONLY("ro"), OUT_OF_DATA_SPACE("out_of_data_space"),
        /** The whole line was "Fail": the pool failed, no counters are printed. */
        FAIL("Fail"),
        /** The whole line was "Error": the status query itself failed. */
        ERROR("Error");

        private final String word;

        Mode(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** A status line that carries only a mode word (Fail, Error). */
    public static ThinPoolStatus modeOnly(Mode mode) {
        return new ThinPoolStatus(mode, -1, -1, -1, -1, -1, "-", "", false, false, OptionalLong.empty());
    }

    public boolean hasCounters() {
        return totalDataBlocks > 0 && totalMetadataBlocks > 0;
    }

    /** Data usage in percent (0–100), NaN when unknown. */
    public double dataPercent() {
        return percent(usedDataBlocks, totalDataBlocks);
    }

    /** Metadata usage in percent (0–100), NaN when unknown. */
    public double metadataPercent() {
        return percent(usedMetadataBlocks, totalMetadataBlocks);
    }

    public long freeDataBlocks() {
        return totalDataBlocks < 0 ? -1 : totalDataBlocks - usedDataBlocks;
    }

    private static double percent(long used, long total) {
        return total <= 0 ? Double.NaN : 100.0 * used / total;
    }
}
