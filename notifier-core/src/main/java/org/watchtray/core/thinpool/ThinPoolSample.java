package org.watchtray.core.thinpool;

import java.time.Instant;
import org.watchtray.core.thinpool.ThinPoolStatus;

/**
 * One status reading of one pool.
 *
 * @param pool               the dm device name
 * @param lvmName            "vg/lv" when LVM created it, else ""
 * @param lowWaterMarkBlocks the table's low-water mark in data blocks; 0 = none set
 */
public record ThinPoolSample(Instant time, String pool, String lvmName, ThinPoolStatus status, long lowWaterMarkBlocks) {
}
