package org.watchtray.core.thinpool;

import java.util.List;
import org.watchtray.core.os.OsException;

/**
 * The device-mapper control calls watchtray needs ({@code /dev/mapper/control} ioctls,
 * wire-formats §3). Every call needs CAP_SYS_ADMIN (EACCES otherwise). Implemented with
 * java.lang.foreign in native-access ({@code NativeAccess.deviceMapper}).
 */
public interface DeviceMapper extends AutoCloseable {
    /** Where device-mapper's control node normally is. */
    String CONTROL = "/dev/mapper/control";

    /**
     * Opens a handle on the control device: ENOENT when the node is missing, ENODEV when the
     * node exists but the kernel has no device-mapper driver behind it.
     */
    @FunctionalInterface
    interface Opener {
        DeviceMapper open() throws OsException;

        /** The control node it opens, for messages. */
        default String path() {
            return CONTROL;
        }
    }

    /** The dm ioctl interface version, e.g. 4.47.0. */
    record Version(int major, int minor, int patch) {
        /** DM_DEV_ARM_POLL and event counters in DM_LIST_DEVICES arrived with 4.37 (Linux 4.13). */
        public boolean hasArmPoll() {
            return major > 4 || (major == 4 && minor >= 37);
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }

    /** One DM_LIST_DEVICES entry; {@code eventNr} is -1 on kernels that do not report it. */
    record Device(String name, long dev, long eventNr) {
    }

    /** One target of a table: its type ("thin-pool") and its status or table string. */
    record Target(long sectorStart, long length, String type, String text) {
    }

    /** DM_TABLE_STATUS / DM_DEV_WAIT reply: the device header and its targets. */
    record Status(String name, String uuid, long eventNr, List<Target> targets) {
        public Status {
            targets = List.copyOf(targets);
        }
    }

    Version version() throws OsException;

    List<Device> list() throws OsException;

    /**
     * DM_TABLE_STATUS for {@code name}: the status strings, or with {@code table} the table
     * parameters. Never asks dm-thin to commit metadata (DM_NOFLUSH_FLAG).
     */
    Status status(String name, boolean table) throws OsException;

    /** DM_DEV_ARM_POLL: poll() on {@link #fd()} reports POLLIN after the next dm event from now on. */
    void armPoll() throws OsException;

    /**
     * DM_DEV_WAIT: blocks until {@code name}'s event counter differs from {@code eventNr}, then
     * returns its status. Call it only from a thread that may block.
     */
    Status waitEvent(String name, long eventNr) throws OsException;

    /** The control device's fd, for poll/epoll after {@link #armPoll()}. */
    int fd();

    @Override
    void close();
}
