package org.watchtray.core.usb;

import org.watchtray.core.os.OsException;

/**
 * The kernel log device {@code /dev/kmsg}, read without blocking (wire-formats §5.1): one read
 * returns exactly one record. Implemented in native-access ({@code NativeAccess.kernelLog}).
 */
public interface KernelLog extends AutoCloseable {
    /** {@link #read}: no record is pending. */
    int AGAIN = -1;
    /** {@link #read}: records were overwritten before they were read; reading again continues with the oldest kept. */
    int OVERWRITTEN = -2;

    /**
     * Opens the log: at its end (only new records) unless {@code replay}. EPERM where reading
     * it needs CAP_SYSLOG (kernel.dmesg_restrict=1) or printk.devkmsg=off.
     */
    @FunctionalInterface
    interface Opener {
        KernelLog open(String path, boolean replay) throws OsException;
    }

    /** For epoll: readable when a record is pending. */
    int fd();

    /** One record into {@code buf}: its length, or {@link #AGAIN}, or {@link #OVERWRITTEN}. */
    int read(byte[] buf) throws OsException;

    /** Large enough for any record (older kernels' CONSOLE_EXT_LOG_MAX is 8192; a smaller buffer gets EINVAL). */
    int MAX_RECORD = 8192;

    @Override
    void close();
}
