package org.watchtray.nativeaccess.mounts;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.watchtray.core.mounts.MountNotifications;
import org.watchtray.core.mounts.MountTables;
import org.watchtray.core.mounts.StatmountBuffer;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * What this kernel can do for the mount source, found out by trying it (not from the version
 * string), so that a test needing a newer kernel skips with the reason instead of failing:
 * listmount/statmount with every field the source reads (Linux 6.15 says which it supports),
 * and fanotify mount events (6.15).
 */
final class MountFeatures {
    private MountFeatures() {
    }

    /** Skips the calling test, with the reason, unless statmount gives every field a full reading needs. */
    static void assumeStatmount() {
        statmountMissing().ifPresent(why -> Assumptions.abort("kernel cannot run this test: " + why));
    }

    /** Skips the calling test, with the reason, unless fanotify reports mount events here. */
    static void assumeFanotifyMountEvents() {
        fanotifyMissing().ifPresent(why -> Assumptions.abort("kernel cannot run this test: " + why));
    }

    static Optional<String> statmountMissing() {
        MountTables tables = NativeAccess.linux().mountTables();
        try {
            long[] ids = tables.listAll();
            byte[] buf = new byte[64 * 1024];
            if (ids.length == 0 || tables.statmount(ids[0], MountTables.FULL | MountTables.SUPPORTED_MASK, buf) < 0) {
                return Optional.of("statmount found no mount to probe");
            }
            if ((StatmountBuffer.mask(buf) & MountTables.SUPPORTED_MASK) == 0) {
                return Optional.of("statmount cannot say which fields it supports (STATMOUNT_SUPPORTED_MASK, Linux 6.15)");
            }
            long lacking = MountTables.FULL & ~StatmountBuffer.supportedMask(buf);
            return lacking == 0 ? Optional.empty() : Optional.of("statmount lacks fields 0x" + Long.toHexString(lacking));
        } catch (OsException e) {
            return Optional.of("no listmount/statmount (Linux 6.8+): " + e.getMessage());
        }
    }

    static Optional<String> fanotifyMissing() {
        try (MountNotifications group = NativeAccess.linux().mountNotifications().open()) {
            return Optional.empty();
        } catch (OsException e) {
            return Optional.of("no fanotify mount events (FAN_REPORT_MNT, Linux 6.15): " + e.getMessage());
        }
    }
}
