package org.watchtray.core.mounts;

import java.util.List;
import java.util.Objects;

/**
 * One mount as {@code /proc/self/mountinfo} or {@code statmount(2)} describes it. Paths and the
 * source are the real strings (escapes undone); option strings are the kernel's text.
 *
 * @param uniqueId       statmount's 64-bit mount ID, never reused while the system runs; 0 when
 *                       unknown (a mountinfo-only reading)
 * @param mountId        the 32-bit ID mountinfo shows (the kernel reuses these)
 * @param parentId       the parent's 32-bit ID
 * @param major          major number of the filesystem's device ({@code st_dev})
 * @param minor          minor number of the filesystem's device
 * @param root           the path inside the filesystem that is this mount's root
 * @param mountPoint     where it is mounted, relative to the reader's root
 * @param mountOptions   per-mount options as mountinfo prints them, e.g. {@code rw,nosuid,relatime}
 * @param optionalFields propagation tags: {@code shared:N}, {@code master:N}, {@code propagate_from:N}, {@code unbindable}
 * @param fsType         {@code type} or {@code type.subtype} (e.g. {@code fuse.sshfs})
 * @param source         the mount source, {@code none} when it has none
 * @param superOptions   superblock options as printed, e.g. {@code rw,size=1024k}
 */
public record MountEntry(long uniqueId, int mountId, int parentId, int major, int minor, String root,
                         String mountPoint, String mountOptions, List<String> optionalFields, String fsType,
                         String source, String superOptions) {

    public MountEntry {
        Objects.requireNonNull(root);
        Objects.requireNonNull(mountPoint);
        Objects.requireNonNull(mountOptions);
        optionalFields = List.copyOf(optionalFields);
        Objects.requireNonNull(fsType);
        Objects.requireNonNull(source);
        Objects.requireNonNull(superOptions);
    }

    /** The key a {@link MountTable} uses: the unique ID when known, else the (reusable) mountinfo ID. */
    public long key() {
        return uniqueId != 0 ? uniqueId : mountId;
    }

    /** The same mount without its unique ID, as a mountinfo-only reading sees it. */
    public MountEntry withoutUniqueId() {
        return uniqueId == 0 ? this : new MountEntry(0, mountId, parentId, major, minor, root, mountPoint,
                mountOptions, optionalFields, fsType, source, superOptions);
    }

    /**
     * Read-only through the mount ({@code mount -o remount,bind,ro}), for the whole filesystem
     * ({@code remount,ro}, or btrfs after errors), or because ext4 went read-only after errors
     * ({@code errors=remount-ro}), which Linux 6.x shows only as the {@code emergency_ro} option.
     */
    public boolean readOnly() {
        return firstOptionIs(mountOptions, "ro") || firstOptionIs(superOptions, "ro") || readOnlyAfterErrors();
    }

    /** ext4's emergency read-only state after filesystem errors. */
    public boolean readOnlyAfterErrors() {
        return hasOption(superOptions, "emergency_ro");
    }

    private static boolean hasOption(String options, String name) {
        int at = 0;
        while (at <= options.length()) {
            int comma = options.indexOf(',', at);
            int end = comma < 0 ? options.length() : comma;
            if (options.regionMatches(at, name, 0, name.length()) && end - at == name.length()) {
                return true;
            }
            at = end + 1;
        }
        return false;
    }

    /** {@code major:minor}, as mountinfo prints it. */
    public String deviceNumber() {
        return major + ":" + minor;
    }

    /**
     * True when {@code other} is plausibly the same mount: same filesystem, root and source.
     * A mountinfo ID that was freed and reused for another mount fails this test.
     */
    public boolean sameFilesystemAs(MountEntry other) {
        return major == other.major && minor == other.minor && root.equals(other.root)
                && fsType.equals(other.fsType) && source.equals(other.source);
    }

    /**
     * The options a user reads, merged as findmnt shows them: the effective {@code ro}/{@code rw}
     * first, then the per-mount options, then the filesystem's own.
     */
    public String displayOptions() {
        // Sized for all of it at once: built for every mount event (twice for a remount's before and after).
        StringBuilder out = new StringBuilder(2 + mountOptions.length() + superOptions.length()).append(readOnly() ? "ro" : "rw");
        appendAfterFirst(out, mountOptions);
        appendAfterFirst(out, superOptions);
        return out.toString();
    }

    private static void appendAfterFirst(StringBuilder out, String options) {
        int comma = options.indexOf(',');
        if (comma >= 0 && comma + 1 < options.length()) {
            out.append(',').append(options, comma + 1, options.length());
        }
    }

    /** Compared in place: asked for every mount event (its severity and text), a substring each was garbage. */
    private static boolean firstOptionIs(String options, String name) {
        int comma = options.indexOf(',');
        int end = comma < 0 ? options.length() : comma;
        return end == name.length() && options.startsWith(name);
    }
}
