package org.watchtray.nativeaccess.kerberos;

import org.watchtray.nativeaccess.kerberos.RenewResult;
import org.watchtray.nativeaccess.kerberos.Ticket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;

/**
 * Runs renewals off the backend thread (a KDC that does not answer would otherwise stall every
 * source for the library's timeouts) and hands the results back through an eventfd the backend
 * watches, so they are applied on the backend thread like any other readiness.
 */
final class BackgroundRenewals implements AutoCloseable {
    /** A finished renewal and what it was for. */
    record Done<T>(T tag, RenewResult result) {
    }

    private final Libc libc;
    private final int eventFd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
    private final MemorySegment counter = arena.allocate(ValueLayout.JAVA_LONG);
    private final ConcurrentLinkedQueue<Done<?>> done = new ConcurrentLinkedQueue<>();
    /** Guards the eventfd against a write after close (the fd number could be reused by then). */
    private final Object lifecycle = new Object();
    private boolean closed;

    BackgroundRenewals(Libc libc) throws OsException {
        this.libc = libc;
        this.eventFd = libc.eventfd(0, Libc.EFD_NONBLOCK);
        one.set(ValueLayout.JAVA_LONG, 0, 1L);
    }

    int fd() {
        return eventFd;
    }

    /** Starts {@code renewal} on a virtual thread; its result comes back through {@link #takeDone()}. */
    <T> void submit(T tag, Ticket ticket, Function<Ticket, RenewResult> renewal) {
        Thread.ofVirtual().name("watchtray-krb5-renew").start(() -> {
            RenewResult result;
            try {
                result = renewal.apply(ticket);
            } catch (RuntimeException e) {
                result = new RenewResult.Failed(ticket, String.valueOf(e.getMessage()));
            }
            synchronized (lifecycle) {
                if (closed) {
                    return;
                }
                done.add(new Done<>(tag, result));
                try {
                    libc.write(eventFd, one, Long.BYTES);
                } catch (OsException ignored) {
                    // EAGAIN only when the counter is saturated: a wakeup is pending anyway.
                }
            }
        });
    }

    /** On the backend thread, when the eventfd is readable: the finished renewals. */
    List<Done<?>> takeDone() throws OsException {
        libc.readOrAgain(eventFd, counter, Long.BYTES);
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
            libc.closeQuietly(eventFd);
        }
        arena.close();
    }
}
