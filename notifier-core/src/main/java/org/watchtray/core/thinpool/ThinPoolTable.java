package org.watchtray.core.thinpool;

import java.util.List;

/**
 * A thin-pool target's table parameters (wire-formats §3.5).
 *
 * @param metadataDevice     the metadata device as the kernel prints it ("253:1")
 * @param dataDevice         the data device
 * @param dataBlockSectors   data block size in 512-byte sectors (128 … 2097152)
 * @param lowWaterMarkBlocks free data blocks at or below which the kernel raises one event; 0 = none
 * @param features           feature words (skip_block_zeroing, error_if_no_space, …)
 */
public record ThinPoolTable(String metadataDevice, String dataDevice, long dataBlockSectors,
                            long lowWaterMarkBlocks, List<String> features) {
    public ThinPoolTable {
        features = List.copyOf(features);
    }

    public long dataBlockBytes() {
        return dataBlockSectors * 512;
    }
}
