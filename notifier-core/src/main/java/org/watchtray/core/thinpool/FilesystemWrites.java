package org.watchtray.core.thinpool;

import org.watchtray.core.os.OsException;

/**
 * A fanotify group that reports modifications anywhere on the filesystems it marks
 * ({@code FAN_MARK_FILESYSTEM}, {@code FAN_MODIFY} and the directory changes, with
 * {@code FAN_REPORT_FID} so no event opens a file). It tells "something on a filesystem that
 * lives on a thin volume was written", which is all the thin-pool schedule needs: which file
 * does not matter. Needs CAP_SYS_ADMIN and Linux 5.1. Implemented in native-access
 * ({@code NativeAccess.filesystemWrites()}).
 */
public interface FilesystemWrites extends AutoCloseable {

    /** Creates a group; {@link OsException} with the kernel's reason when it cannot (EPERM, EINVAL before 5.1). */
    @FunctionalInterface
    interface Opener {
        FilesystemWrites open() throws OsException;

        /** For where fanotify cannot be had: every open fails with ENOSYS, so every pool with a filesystem is looked at as if written. */
        Opener NONE = () -> {
            throw new OsException("fanotify_init", "no fanotify binding given", org.watchtray.core.os.Errno.ENOSYS, "not available");
        };
    }

    /** Non-blocking; readable when events are queued. */
    int fd();

    /** Marks the whole filesystem that {@code path} (a mount point of it) is on; EXDEV/ENODEV when it cannot report file ids. */
    void mark(String path) throws OsException;

    /** Reads and drops every queued event without blocking; true when there was any. */
    boolean drain() throws OsException;

    /** Idempotent. */
    @Override
    void close();
}
