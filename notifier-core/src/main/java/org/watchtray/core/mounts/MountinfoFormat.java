package org.watchtray.core.mounts;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders the numeric fields {@code statmount(2)} returns as the text mountinfo prints for them,
 * so a table read either way compares equal (fs/proc_namespace.c {@code show_mnt_opts},
 * {@code show_sb_opts}, {@code show_mountinfo}; include/uapi/linux/mount.h).
 */
public final class MountinfoFormat {
    private MountinfoFormat() {
    }

    // MOUNT_ATTR_* as statmount reports them in mnt_attr (fs/namespace.c mnt_to_attr_flags).
    public static final long MOUNT_ATTR_RDONLY = 0x1;
    public static final long MOUNT_ATTR_NOSUID = 0x2;
    public static final long MOUNT_ATTR_NODEV = 0x4;
    public static final long MOUNT_ATTR_NOEXEC = 0x8;
    public static final long MOUNT_ATTR__ATIME = 0x70;
    public static final long MOUNT_ATTR_RELATIME = 0x0;
    public static final long MOUNT_ATTR_NOATIME = 0x10;
    public static final long MOUNT_ATTR_STRICTATIME = 0x20;
    public static final long MOUNT_ATTR_NODIRATIME = 0x80;
    public static final long MOUNT_ATTR_IDMAP = 0x100000;
    public static final long MOUNT_ATTR_NOSYMFOLLOW = 0x200000;

    // SB_* bits statmount keeps in sb_flags (include/linux/fs.h).
    public static final int SB_RDONLY = 0x1;
    public static final int SB_SYNCHRONOUS = 0x10;
    public static final int SB_DIRSYNC = 0x80;
    public static final int SB_LAZYTIME = 1 << 25;

    // MS_* propagation types in mnt_propagation (include/uapi/linux/mount.h).
    public static final long MS_UNBINDABLE = 1 << 17;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;

    /** Per-mount options in show_mnt_opts order, e.g. {@code ro,nosuid,nodev,relatime}. */
    public static String mountOptions(long attr) {
        StringBuilder out = new StringBuilder((attr & MOUNT_ATTR_RDONLY) != 0 ? "ro" : "rw");
        if ((attr & MOUNT_ATTR_NOSUID) != 0) {
            out.append(",nosuid");
        }
        if ((attr & MOUNT_ATTR_NODEV) != 0) {
            out.append(",nodev");
        }
        if ((attr & MOUNT_ATTR_NOEXEC) != 0) {
            out.append(",noexec");
        }
        long atime = attr & MOUNT_ATTR__ATIME;
        if (atime == MOUNT_ATTR_NOATIME) {
            out.append(",noatime");
        }
        if ((attr & MOUNT_ATTR_NODIRATIME) != 0) {
            out.append(",nodiratime");
        }
        if (atime == MOUNT_ATTR_RELATIME) {
            out.append(",relatime");
        }
        if ((attr & MOUNT_ATTR_NOSYMFOLLOW) != 0) {
            out.append(",nosymfollow");
        }
        if ((attr & MOUNT_ATTR_IDMAP) != 0) {
            out.append(",idmapped");
        }
        return out.toString();
    }

    /**
     * Super options as show_mountinfo prints them: {@code ro}/{@code rw}, the generic superblock
     * flags, then the filesystem's own options (statmount's {@code mnt_opts}, no leading comma).
     */
    public static String superOptions(int sbFlags, String fsOptions) {
        StringBuilder out = new StringBuilder((sbFlags & SB_RDONLY) != 0 ? "ro" : "rw");
        if ((sbFlags & SB_SYNCHRONOUS) != 0) {
            out.append(",sync");
        }
        if ((sbFlags & SB_DIRSYNC) != 0) {
            out.append(",dirsync");
        }
        if ((sbFlags & SB_LAZYTIME) != 0) {
            out.append(",lazytime");
        }
        if (!fsOptions.isEmpty()) {
            out.append(',').append(fsOptions);
        }
        return out.toString();
    }

    /**
     * The optional fields: {@code shared:N} for a shared mount, {@code master:N} for a slave plus
     * {@code propagate_from:N} when the dominating peer group differs, {@code unbindable}.
     */
    public static List<String> optionalFields(long propagation, long peerGroup, long master, long propagateFrom) {
        List<String> out = new ArrayList<>(2);
        if ((propagation & MS_SHARED) != 0) {
            out.add("shared:" + peerGroup);
        }
        if ((propagation & MS_SLAVE) != 0) {
            out.add("master:" + master);
            if (propagateFrom != 0 && propagateFrom != master) {
                out.add("propagate_from:" + propagateFrom);
            }
        }
        if ((propagation & MS_UNBINDABLE) != 0) {
            out.add("unbindable");
        }
        return out;
    }

    /** {@code type} or {@code type.subtype}, as show_type prints it. */
    public static String fsType(String type, String subtype) {
        return subtype == null || subtype.isEmpty() ? type : type + "." + subtype;
    }
}
