package org.watchtray.core.kerberos;

import java.time.Duration;
import org.watchtray.core.source.Cadence;
import org.watchtray.core.source.SourceContext;

/**
 * The fallback change signal: a re-read every {@code interval}, for caches nothing announces a
 * change of. KEYRING caches need it where the kernel lacks the notification queue (it then
 * runs on the keys source's /proc/keys interval), FILE/DIR caches only if inotify is unavailable.
 */
final class RereadTimer implements AutoCloseable {
    private final SourceContext context;
    private final Duration interval;
    private final Runnable reread;
    private SourceContext.Registration timer;
    private boolean closed;

    private RereadTimer(SourceContext context, Duration interval, Runnable reread) {
        this.context = context;
        this.interval = interval;
        this.reread = reread;
    }

    static RereadTimer start(SourceContext context, Duration interval, Runnable reread) {
        RereadTimer t = new RereadTimer(context, interval, reread);
        t.arm();
        return t;
    }

    Duration interval() {
        return interval;
    }

    private void arm() {
        if (!closed) {
            timer = context.schedule(Cadence.next(context.clock().instant(), interval), this::tick); // aligned with the keys poll
        }
    }

    private void tick() {
        reread.run();
        arm();
    }

    @Override
    public void close() {
        closed = true;
        if (timer != null) {
            timer.close();
        }
    }
}
