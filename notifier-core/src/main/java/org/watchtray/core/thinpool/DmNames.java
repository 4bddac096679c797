package org.watchtray.core.thinpool;

import java.util.ArrayList;
import java.util.List;

/**
 * Names device-mapper devices the way users know them. LVM marks its devices with a dm UUID
 * {@code LVM-<vg uuid><lv uuid>[-<layer>]} and names them {@code <vg>-<lv>[-<layer>]} with every
 * hyphen inside a VG or LV name doubled; a thin pool LV "vg0/pool" is the dm device
 * "vg0-pool-tpool" (layer "tpool").
 */
public final class DmNames {
    private DmNames() {
    }

    /** "vg/lv" for an LVM device, "" for anything else (or a name that does not split). */
    public static String lvmName(String dmName, String uuid) {
        if (dmName == null || uuid == null || !uuid.startsWith("LVM-")) {
            return "";
        }
        List<String> parts = splitOnSingleHyphens(dmName);
        if (parts.size() < 2 || parts.get(0).isEmpty() || parts.get(1).isEmpty()) {
            return "";
        }
        return parts.get(0) + "/" + parts.get(1);
    }

    private static List<String> splitOnSingleHyphens(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '-') {
                part.append(c);
            } else if (i + 1 < name.length() && name.charAt(i + 1) == '-') {
                part.append('-');
                i++;
            } else {
                parts.add(part.toString());
                part.setLength(0);
            }
        }
        parts.add(part.toString());
        return parts;
    }
}
