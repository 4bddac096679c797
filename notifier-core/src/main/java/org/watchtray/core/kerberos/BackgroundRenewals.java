package org.watchtray.core.kerberos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.watchtray.core.os.EventFd;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;

/**
 * Runs renewals off the backend thread (a KDC that does not answer would otherwise stall every
 * source for the library's timeouts) and hands the results back through an eventfd the backend
 * watches, so they are applied on the backend thread like any other readiness.
 */
final class BackgroundRenewals implements AutoCloseable {
    /** A finished renewal and what it was for. */
    record Done<T>(T tag, RenewResult result) {
    }

    /** One renewal, run on its own thread. */
    @FunctionalInterface
    interface Renewal {
        RenewResult renew(Ticket ticket) throws Krb5Exception;
    }

    private final EventFd wakeup;
    private final ConcurrentLinkedQueue<Done<?>> done = new ConcurrentLinkedQueue<>();
    /** Guards the eventfd against a write after close (the fd number could be reused by then). */
    private final Object lifecycle = new Object();
    private boolean closed;

    BackgroundRenewals(Libc libc) throws OsException {
        this.wakeup = new EventFd(libc);
    }

    int fd() {
        return wakeup.fd();
    }

    /** Starts {@code renewal} on a virtual thread; its result comes back through {@link #takeDone()}. */
    <T> void submit(T tag, Ticket ticket, Renewal renewal) {
        Thread.ofVirtual().name("watchtray-krb5-renew").start(() -> {
            RenewResult result;
            try {
                result = renewal.renew(ticket);
            } catch (Krb5Exception | RuntimeException e) {
                result = new RenewResult.Failed(ticket, String.valueOf(e.getMessage()));
            }
            synchronized (lifecycle) {
                if (closed) {
                    return;
                }
                done.add(new Done<>(tag, result));
                try {
                    wakeup.signal();
                } catch (OsException ignored) {
                    // Only a closed or broken eventfd fails here; the result waits for the next wakeup.
                }
            }
        });
    }

    /** On the backend thread, when the eventfd is readable: the finished renewals. */
    List<Done<?>> takeDone() throws OsException {
        wakeup.drain();
        List<Done<?>> out = new ArrayList<>();
        Done<?> d;
        while ((d = done.poll()) != null) {
            out.add(d);
        }
        return out;
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            wakeup.close();
        }
    }
}
