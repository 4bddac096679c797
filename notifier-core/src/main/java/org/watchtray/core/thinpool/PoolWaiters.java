package org.watchtray.core.thinpool;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.EventFd;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;

/**
 * The DM_DEV_WAIT fallback (kernels before 4.13 lack arm-poll): one daemon thread per pool
 * blocks in {@code DM_DEV_WAIT} on its own control fd and wakes the backend thread through an
 * {@link EventFd}, so the backend thread itself never blocks. Such a thread ends at its pool's
 * next event after {@link #close()}, or with the process.
 *
 * <p>Threads: {@link #start}, {@link #fd}, {@link #drain} and {@link #close} run on the backend
 * thread; the waiting threads touch only {@code waiting} (a concurrent set: added to on the
 * backend thread, removed from by the thread as it ends), {@code closed} (volatile) and
 * {@code wake}, which is written and closed only under {@code wakeLock} (its number could be
 * reused once closed).
 */
final class PoolWaiters implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ThinPoolSource.class.getName());

    private final DeviceMapper.Opener opener;
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private final Object wakeLock = new Object();
    private EventFd wake;
    private volatile boolean closed;

    PoolWaiters(Libc libc, DeviceMapper.Opener opener) throws OsException {
        this.opener = opener;
        this.wake = new EventFd(libc);
    }

    /** The fd that is readable when a waiting thread saw an event. */
    int fd() {
        return wake.fd();
    }

    /** Takes the wake-ups seen so far. */
    void drain() throws OsException {
        wake.drain();
    }

    /** Starts the thread that waits for {@code name}'s events after {@code eventNr}, unless one does already. */
    void start(String name, long eventNr) {
        if (!waiting.add(name)) {
            return;
        }
        Thread.ofPlatform().daemon().name("dm-wait " + name).start(() -> {
            try (DeviceMapper own = opener.open()) {
                long seen = eventNr;
                while (!closed) {
                    seen = own.waitEvent(name, seen).eventNr();
                    wakeBackend();
                }
            } catch (OsException e) {
                if (e.errno() != Errno.ENXIO) {
                    LOG.log(System.Logger.Level.WARNING, "DM_DEV_WAIT on thin pool " + name + " stopped: " + e.getMessage());
                }
                wakeBackend();
            } finally {
                waiting.remove(name);
            }
        });
    }

    /** From a waiting thread: the eventfd is written only while it is open (its number could be reused after). */
    private void wakeBackend() {
        synchronized (wakeLock) {
            if (closed || wake == null) {
                return;
            }
            try {
                wake.signal();
            } catch (OsException e) {
                LOG.log(System.Logger.Level.WARNING, "waking the backend from DM_DEV_WAIT: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        synchronized (wakeLock) {
            closed = true;
            if (wake != null) {
                wake.close();
                wake = null;
            }
        }
    }
}
