package org.watchtray.core.time;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import org.watchtray.core.os.EventFd;
import org.watchtray.core.os.Inotify;
import org.watchtray.core.os.InotifyEvent;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;

/**
 * Tells a {@link SystemZone} when its {@code localtime} file may have changed. The directory is
 * watched, not the file: {@code timedatectl set-timezone} replaces the symbolic link by renaming a
 * new one over it (IN_MOVED_TO), a hand-made change removes and creates it (IN_DELETE,
 * IN_CREATE), and a copied regular file is written in place (IN_CLOSE_WRITE, IN_MODIFY); only
 * events naming the file count.
 *
 * <p>Nothing is polled: one daemon thread sleeps in epoll on the inotify fd and an eventfd (that
 * {@link #close} signals), and wakes only when something in that directory changes. A thread of
 * its own because the window process and the command line have no backend loop to lend; where one
 * exists it could host {@link Inotify#fd()} instead.
 */
public final class ZoneWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ZoneWatch.class.getName());
    private static final int EPOLLIN = 0x001;
    private static final int MASK = Libc.IN_CREATE | Libc.IN_MOVED_TO | Libc.IN_DELETE | Libc.IN_MODIFY | Libc.IN_CLOSE_WRITE;
    private static final ZoneWatch NONE = new ZoneWatch();

    private final Libc libc;
    private final Inotify inotify;
    private final EventFd stop;
    private final int epoll;
    private final String name;
    private final SystemZone zone;
    private final Thread thread;
    private volatile boolean closing;

    private ZoneWatch() {
        libc = null;
        inotify = null;
        stop = null;
        epoll = -1;
        name = null;
        zone = null;
        thread = null;
    }

    private ZoneWatch(Libc libc, SystemZone zone, Path file) throws OsException {
        this.libc = libc;
        this.zone = zone;
        this.name = file.getFileName().toString();
        Inotify in = new Inotify(libc);
        EventFd wake = null;
        int ep = -1;
        try {
            in.addWatch(file.toAbsolutePath().getParent(), MASK | Libc.IN_ONLYDIR);
            wake = new EventFd(libc);
            ep = libc.epoll_create();
            libc.epoll_ctl(ep, Libc.EPOLL_CTL_ADD, in.fd(), EPOLLIN, 0);
            libc.epoll_ctl(ep, Libc.EPOLL_CTL_ADD, wake.fd(), EPOLLIN, 1);
        } catch (OsException e) {
            libc.closeQuietly(ep);
            if (wake != null) {
                wake.close();
            }
            in.close();
            throw e;
        }
        this.inotify = in;
        this.stop = wake;
        this.epoll = ep;
        this.thread = Thread.ofPlatform().daemon().name("watchtray-zone").unstarted(this::follow);
    }

    /**
     * Follows {@code zone}'s file until closed, after one look at it (a change made while the
     * process started is not missed). A fixed zone is not watched; a watch that cannot be set up
     * is logged and the zone stays as it is.
     */
    public static ZoneWatch start(Libc libc, SystemZone zone) {
        if (zone.file().isEmpty()) {
            return NONE;
        }
        try {
            ZoneWatch w = new ZoneWatch(libc, zone, zone.file().get().path());
            w.thread.start();
            return w;
        } catch (OsException e) {
            LOG.log(Level.WARNING, "time zone changes will not be followed (watching " + zone.file().get().path() + " failed: "
                    + e.getMessage() + ")");
            return NONE;
        }
    }

    private void follow() {
        int[] bits = new int[2];
        long[] tokens = new long[2];
        try {
            // On this thread: a copied localtime file is looked for among the zoneinfo files, which takes a while.
            zone.recheck();
            while (!closing) {
                int n = libc.epoll_wait(epoll, bits, tokens, -1);
                boolean ours = false;
                for (int i = 0; i < n; i++) {
                    if (tokens[i] == 0) {
                        for (InotifyEvent e : inotify.drain()) {
                            // A queue overflow (no name) may have dropped ours.
                            ours |= name.equals(e.name()) || (e.mask() & Libc.IN_Q_OVERFLOW) != 0;
                        }
                    }
                }
                if (ours && !closing) {
                    zone.recheck();
                }
            }
        } catch (OsException | RuntimeException e) {
            LOG.log(Level.WARNING, "time zone changes are no longer followed: " + e.getMessage());
        } finally {
            libc.closeQuietly(epoll);
            inotify.close();
            stop.close();
        }
    }

    /** Stops watching and waits for the thread to end. Idempotent. */
    @Override
    public void close() {
        if (thread == null || closing) {
            return;
        }
        closing = true;
        try {
            if (thread.isAlive()) {   // a thread that stopped on an error has closed the eventfd
                stop.signal();
            }
            thread.join(5_000);
        } catch (OsException e) {
            LOG.log(Level.WARNING, "stopping the time zone watch: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
