package org.watchtray.agent;

import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;

/**
 * One descriptor held back for the moment the agent runs out (EMFILE): given up, it lets the
 * agent accept one waiting peer and tell it why it is refused, instead of leaving the peer
 * hanging and the listening socket readable forever.
 */
final class DescriptorReserve implements AutoCloseable {
    private final Libc libc;
    private int fd = -1;

    DescriptorReserve(Libc libc) {
        this.libc = libc;
        take();
    }

    boolean held() {
        return fd >= 0;
    }

    /** Takes the descriptor back when it is not held (it may fail again while the agent is still out). */
    void take() {
        if (fd < 0) {
            try {
                fd = libc.open("/dev/null", Libc.O_RDONLY, "reserve descriptor");
            } catch (OsException e) {
                fd = -1;
            }
        }
    }

    /** Gives the descriptor up for {@code use}, then takes it again. */
    void spend(Runnable use) {
        close();
        try {
            use.run();
        } finally {
            take();
        }
    }

    @Override
    public void close() {
        libc.closeQuietly(fd);
        fd = -1;
    }
}
