package org.watchtray.core.usb;

import org.watchtray.core.os.OsException;

/**
 * The kernel's own uevents (NETLINK_KOBJECT_UEVENT group 1, wire-formats §5.2), received
 * without blocking; unprivileged processes may receive them. Datagrams that do not come from
 * the kernel are dropped by the implementation (native-access, {@code NativeAccess.uevents}).
 */
public interface Uevents extends AutoCloseable {
    /** {@link #receive}: nothing is pending. */
    int AGAIN = -1;
    /** {@link #receive}: the socket overflowed (ENOBUFS); uevents were lost. */
    int OVERFLOWED = -2;
    /** Room for any uevent (the kernel's UEVENT_BUFFER_SIZE is 2048 bytes of variables). */
    int MAX_DATAGRAM = 16 * 1024;

    @FunctionalInterface
    interface Opener {
        Uevents open() throws OsException;
    }

    int fd();

    /** One datagram from the kernel into {@code buf}: its length, or {@link #AGAIN}, or {@link #OVERFLOWED}. */
    int receive(byte[] buf) throws OsException;

    @Override
    void close();
}
