package org.watchtray.app.settings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads a settings file without trusting what it claims to be. A symlink is followed (dotfile
 * managers link settings into place), but only to a regular file: a FIFO would block the
 * reader forever and {@code /dev/zero} never ends. At most {@code limit} bytes are read, so a
 * file that grows while it is read cannot grow the reader's memory with it.
 */
final class BoundedRead {
    private BoundedRead() {
    }

    /**
     * What was read and which file it was: the same identity and bytes twice mean the file did
     * not change in between (an editor's save replaces the inode or changes size and time).
     */
    record Snapshot(Object fileKey, long size, long modifiedNanos, byte[] bytes) {
        boolean sameAs(Snapshot other) {
            return other != null && Objects.equals(fileKey, other.fileKey) && size == other.size
                    && modifiedNanos == other.modifiedNanos && Arrays.equals(bytes, other.bytes);
        }
    }

    /**
     * @throws java.nio.file.NoSuchFileException when there is no file (or a dangling link)
     * @throws FileSystemException when it is not a regular file or is larger than {@code limit}
     */
    static Snapshot read(Path file, int limit) throws IOException {
        BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
        if (!before.isRegularFile()) {
            throw new FileSystemException(file.toString(), null, before.isDirectory() ? "is a directory, not a settings file"
                    : "is not a regular file (a pipe, socket or device), so it is not read");
        }
        byte[] buf = new byte[(int) Math.min(limit + 1L, Math.max(before.size() + 1, 4096))];
        int n = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (n <= limit) {
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(limit + 1L, buf.length * 2L));
                }
                int r = ch.read(ByteBuffer.wrap(buf, n, buf.length - n));
                if (r < 0) {
                    break;
                }
                n += r;
            }
        }
        if (n > limit) {
            throw new FileSystemException(file.toString(), null, "is larger than the limit of " + limit + " bytes, so it is not read");
        }
        return new Snapshot(before.fileKey(), before.size(), before.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                Arrays.copyOf(buf, n));
    }
}
