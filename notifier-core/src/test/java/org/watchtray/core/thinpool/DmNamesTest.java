package org.watchtray.core.thinpool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DmNamesTest {
    private static final String LVM_UUID = "LVM-" + "a".repeat(32) + "b".repeat(32);

    @Test
    void namesAnLvmThinPoolByVgAndLv() {
        // lvcreate --thinpool pool vg0 creates the dm device vg0-pool-tpool (layer "tpool")
        assertEquals("vg0/pool", DmNames.lvmName("vg0-pool-tpool", LVM_UUID + "-tpool"));
    }

    @Test
    void undoesDoubledHyphensInsideNames() {
        assertEquals("my-vg/thin-pool", DmNames.lvmName("my--vg-thin--pool-tpool", LVM_UUID + "-tpool"));
        assertEquals("vg/lv", DmNames.lvmName("vg-lv", LVM_UUID));
    }

    @Test
    void aDeviceLvmDidNotCreateKeepsNoLvmName() {
        assertEquals("", DmNames.lvmName("pool", ""));
        assertEquals("", DmNames.lvmName("vg0-pool-tpool", "CRYPT-LUKS2-123"));
        assertEquals("", DmNames.lvmName("novg", LVM_UUID));       // does not split
        assertEquals("", DmNames.lvmName("-lv", LVM_UUID));        // empty VG part
    }
}
