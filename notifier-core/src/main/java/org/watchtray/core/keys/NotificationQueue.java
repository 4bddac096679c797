package org.watchtray.core.keys;

import java.util.List;
import org.watchtray.core.os.OsException;
import org.watchtray.core.record.TypeFilter;

/**
 * A kernel notification queue: a pipe opened with O_NOTIFICATION_PIPE (wire-formats §1), read
 * in whole {@code struct watch_notification} records. Opening one is the feature probe: ENOPKG
 * means the kernel lacks CONFIG_WATCH_QUEUE.
 */
public interface NotificationQueue extends AutoCloseable {
    /** The most records IOC_WATCH_QUEUE_SET_SIZE allows to wait unread. */
    int MAX_NOTES = 512;
    /** The kernel accepts at most 16 filter entries. */
    int MAX_FILTERS = 16;
    /** Why a source has no queue when opening one fails with ENOPKG, in the words the Sources view shows. */
    String NO_WATCH_QUEUE = "kernel lacks CONFIG_WATCH_QUEUE (pipe2 returned ENOPKG)";

    /** Opens a queue; {@link OsException} with ENOPKG where the kernel has none. */
    @FunctionalInterface
    interface Opener {
        NotificationQueue open() throws OsException;
    }

    /** The read end: poll it for records, read them, hand it to KEYCTL_WATCH_KEY. */
    int fd();

    /** IOC_WATCH_QUEUE_SET_SIZE: at most {@code notes} records (1..512) wait unread; more are lost, and a loss record says so. */
    void setSize(int notes) throws OsException;

    /** IOC_WATCH_QUEUE_SET_FILTER; an empty list removes the filter (everything passes). */
    void setFilter(List<TypeFilter> filters) throws OsException;

    /** read(2) of whole records into {@code buf}; -1 when nothing is queued (EAGAIN). */
    int readOrAgain(byte[] buf) throws OsException;

    /** Closes both ends. Idempotent. */
    @Override
    void close();
}
