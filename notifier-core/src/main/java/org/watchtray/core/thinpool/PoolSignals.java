package org.watchtray.core.thinpool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.watchtray.core.os.Libc;
import org.watchtray.core.source.SourceContext;

/**
 * Each pool's {@link WriteSignal}: what is stacked on the pool ({@link PoolVolumes}), found
 * again on request, and its fds in the backend's epoll only while the schedule calls the pool
 * quiet (docs/thinpool.md). Backend thread only.
 */
final class PoolSignals implements AutoCloseable {
    private final Libc libc;
    private final FilesystemWrites.Opener filesystems;
    private final PoolVolumes.Places places;
    private final ReadingSchedule schedule;
    private final SourceContext ctx;
    private final Complaints complaints;
    /** The look interval, for the complaint about a signal that cannot be complete. */
    private final double lookSeconds;
    /** Told the pool whose quiet signal fired (after the schedule heard it was written). */
    private final Consumer<String> written;
    /** Each pool's write signal, armed (registered) while the schedule calls the pool quiet. */
    private final Map<String, Armed> signals = new HashMap<>();

    /** A pool's write signal and, while it is armed, its fds' registrations. */
    private static final class Armed {
        final WriteSignal signal;
        List<SourceContext.Registration> registrations;

        Armed(WriteSignal signal) {
            this.signal = signal;
        }

        void disarm() {
            if (registrations != null) {
                registrations.forEach(SourceContext.Registration::close);
                registrations = null;
            }
        }

        void close() {
            disarm();
            signal.close();
        }
    }

    PoolSignals(Libc libc, FilesystemWrites.Opener filesystems, ThinPoolSource.Options options, ReadingSchedule schedule,
                SourceContext ctx, Complaints complaints, Consumer<String> written) {
        this.libc = libc;
        this.filesystems = filesystems;
        this.places = options.places();
        this.schedule = schedule;
        this.ctx = ctx;
        this.complaints = complaints;
        this.lookSeconds = options.lookInterval().toMillis() / 1000.0;
        this.written = written;
    }

    /**
     * Finds again what is stacked on each pool read so far; where that changed, watches the new
     * set (the schedule counts the change as a write). Then arms or disarms the signals.
     */
    void refresh(Map<String, KnownDevice> known) {
        long now = ctx.nanoTime();
        for (var e : known.entrySet()) {
            String pool = e.getKey();
            if (!e.getValue().pool() || schedule.nextLook(pool).isEmpty()) {
                continue;
            }
            PoolVolumes found = PoolVolumes.of(PoolVolumes.number(e.getValue().dev()), places);
            Armed was = signals.get(pool);
            if (was != null && was.signal.volumes().equals(found)) {
                continue;
            }
            if (was != null) {
                was.close();
            }
            WriteSignal signal = WriteSignal.open(libc, filesystems, found);
            signals.put(pool, new Armed(signal));
            if (signal.complete()) {
                complaints.solved(pool + " signal");
            } else {
                complaints.complain(pool + " signal", "thin pool " + pool + ": not every write to it can be signalled (" + String.join("; ",
                        signal.problems()) + "); it is looked at every " + lookSeconds + " s", null);
            }
            schedule.covered(pool, signal.complete(), now);
        }
        sync();
    }

    /**
     * Arms the signal of each pool the schedule calls quiet and disarms the others. Before
     * arming, what the signal queued meanwhile is read: a write since the last look keeps the
     * pool written. A write after that read makes the fd readable at once when it is registered.
     */
    void sync() {
        for (var e : signals.entrySet()) {
            String pool = e.getKey();
            Armed armed = e.getValue();
            if (!schedule.quiet(pool)) {
                armed.disarm();
            } else if (armed.registrations == null) {
                if (armed.signal.drain()) {
                    schedule.written(pool, ctx.nanoTime());
                    continue;
                }
                List<SourceContext.Registration> registrations = new ArrayList<>();
                for (int fd : armed.signal.fds()) {
                    registrations.add(ctx.watch(fd, SourceContext.READABLE, ready -> onSignal(pool)));
                }
                armed.registrations = registrations;
            }
        }
    }

    /** At a look: a pool whose signal is not armed and queued a write since the last look stays written until it settles. */
    void lookedAt(String pool, long now) {
        Armed armed = signals.get(pool);
        if (armed != null && armed.registrations == null && armed.signal.drain()) {
            schedule.written(pool, now);
        }
    }

    /** A quiet pool's volumes or filesystems were written: it is looked at now, and while it is written. */
    private void onSignal(String pool) {
        Armed armed = signals.get(pool);
        if (armed == null) {
            return;
        }
        armed.disarm();
        armed.signal.drain();
        schedule.written(pool, ctx.nanoTime());
        written.accept(pool);
    }

    /** The pool went: its signal is closed. */
    void forget(String pool) {
        Armed armed = signals.remove(pool);
        if (armed != null) {
            armed.close();
        }
        complaints.solved(pool + " signal");
    }

    @Override
    public void close() {
        signals.values().forEach(Armed::close);
        signals.clear();
    }
}
