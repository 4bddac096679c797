package org.watchtray.core.thinpool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;
import org.watchtray.core.source.SourceContext;

/**
 * Each pool's {@link WriteSignal}: the block layer's on its data and metadata devices where the
 * kernel allows it, else fsnotify on what is stacked on the pool ({@link PoolVolumes}, found
 * again on request); its fds in the backend's epoll (and the block events enabled) only while the
 * schedule {@linkplain ReadingSchedule#listening listens} for the pool's writes: while it is quiet, or
 * written but its counters stood still at its last look (docs/thinpool.md). Backend thread only.
 */
final class PoolSignals implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PoolSignals.class.getName());
    private final Libc libc;
    private final FilesystemWrites.Opener filesystems;
    private final BlockWrites.Opener blocks;
    private final PoolVolumes.Places places;
    private final ReadingSchedule schedule;
    private final SourceContext ctx;
    private final Complaints complaints;
    /** The look interval, for the complaint about a signal that cannot be complete. */
    private final double lookSeconds;
    /** Told the pool whose armed signal fired (after the schedule heard it was written). */
    private final Consumer<String> written;
    /** Why the last signal opened does not use the block layer ("" when it does); null before any. */
    private String blockProblem;
    /** Each pool's write signal, armed (registered) while the schedule listens for the pool's writes. */
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
            signal.disable();
        }

        void close() {
            disarm();
            signal.close();
        }
    }

    PoolSignals(Libc libc, FilesystemWrites.Opener filesystems, BlockWrites.Opener blocks, ThinPoolSource.Options options,
                ReadingSchedule schedule, SourceContext ctx, Complaints complaints, Consumer<String> written) {
        this.libc = libc;
        this.filesystems = filesystems;
        this.blocks = blocks;
        this.places = options.places();
        this.schedule = schedule;
        this.ctx = ctx;
        this.complaints = complaints;
        this.lookSeconds = options.lookInterval().toMillis() / 1000.0;
        this.written = written;
    }

    /**
     * Finds again what is stacked on each pool read so far; where that changed, or where the block
     * events lost a CPU (a suspend and resume), watches the new set (the schedule counts the change
     * as a write). Then arms or disarms the signals. Runs at each safety look, so a signal a
     * resume cut is whole again within one or two of them; and after a clock jump (a resume among
     * them) with {@code blockLayerAgain}, which opens every block-layer signal again at once.
     */
    void refresh(Map<String, KnownDevice> known, boolean blockLayerAgain) {
        long now = ctx.nanoTime();
        for (var e : known.entrySet()) {
            String pool = e.getKey();
            if (!e.getValue().pool() || schedule.nextLook(pool).isEmpty()) {
                continue;
            }
            PoolVolumes found = PoolVolumes.of(PoolVolumes.number(e.getValue().dev()), places);
            Set<String> devices = devices(e.getValue());
            Armed was = signals.get(pool);
            if (was != null && was.signal.watches(found, devices)) {
                if (blockLayerAgain && was.signal.coverage() == ReadingSchedule.Coverage.BLOCK_LAYER) {
                    LOG.log(System.Logger.Level.DEBUG, "thin pool {0}: the wall clock jumped (a resume?); opening its block-layer"
                            + " write signal again", pool);
                } else if (was.signal.stale()) {
                    LOG.log(System.Logger.Level.INFO, "thin pool {0}: its block-layer write signal lost a CPU (taken offline and back,"
                            + " as at a suspend); opening it again", pool);
                } else {
                    continue;
                }
            }
            if (was != null) {
                was.close();
            }
            WriteSignal signal = WriteSignal.open(libc, blocks, filesystems, found, devices);
            blockProblem = signal.blockProblem();
            signals.put(pool, new Armed(signal));
            if (signal.complete()) {
                complaints.solved(pool + " signal");
            } else {
                complaints.complain(pool + " signal", "thin pool " + pool + ": not every write to it can be signalled (" + String.join("; ",
                        signal.problems()) + "); it is looked at at least every " + lookSeconds + " s, every 0.9 s while it is written", null);
            }
            schedule.covered(pool, signal.coverage(), now);
        }
        sync();
    }

    /** The pool's data and metadata devices ("major:minor"), those its table named. */
    private static Set<String> devices(KnownDevice k) {
        Set<String> devices = new TreeSet<>();
        for (String d : List.of(k.dataDevice(), k.metadataDevice())) {
            if (!d.isEmpty()) {
                devices.add(d);
            }
        }
        return devices;
    }

    /**
     * Which write signal the last pool opened uses, for the source status: the block layer, or
     * fsnotify and why not the block layer; empty before any pool.
     */
    Optional<String> describe() {
        if (blockProblem == null) {
            return Optional.empty();
        }
        return Optional.of(blockProblem.isEmpty() ? "writes seen by perf events on block:block_bio_queue"
                : "writes seen by inotify/fanotify (block layer: " + blockProblem + "), mmap and loop-device writes at the safety look");
    }

    /**
     * Arms the signal of each pool the schedule listens for and disarms the others. Arming puts
     * the fds in epoll first, then reads what the signal recorded meanwhile: a write since the
     * last look keeps the pool written (and disarms it again); a write after that read wakes an fd
     * in epoll. In that order because perf's readiness is a wake-up flag that epoll can eat when
     * an fd is added after the wake-up ({@link BlockWrites#drain}).
     */
    void sync() {
        for (var e : signals.entrySet()) {
            String pool = e.getKey();
            Armed armed = e.getValue();
            if (!schedule.listening(pool)) {
                armed.disarm();
            } else if (armed.registrations == null) {
                if (!enable(pool, armed)) {
                    continue;
                }
                List<SourceContext.Registration> registrations = new ArrayList<>();
                for (int fd : armed.signal.fds()) {
                    registrations.add(ctx.watch(fd, SourceContext.READABLE, ready -> onSignal(pool)));
                }
                armed.registrations = registrations;
                if (armed.signal.drain()) {
                    armed.disarm();
                    schedule.written(pool, ctx.nanoTime());
                }
            }
        }
    }

    /** Enables the block events; when that fails the pool counts as written (looked at, never left unwatched). */
    private boolean enable(String pool, Armed armed) {
        try {
            armed.signal.enable();
            complaints.solved(pool + " enable");
            return true;
        } catch (OsException e) {
            complaints.complain(pool + " enable", "thin pool " + pool + ": enabling its block-layer write signal failed (" + e.getMessage()
                    + "); it is looked at as if written", null);
            schedule.written(pool, ctx.nanoTime());
            return false;
        }
    }

    /**
     * At a look, before its counters are read: a pool whose signal is not armed and recorded a
     * write since the last look stays written until it settles; and its block events record from
     * now on, so a write after the counters were read is not lost if this look finds the pool quiet.
     */
    void lookedAt(String pool, long now) {
        Armed armed = signals.get(pool);
        if (armed != null && armed.registrations == null) {
            if (armed.signal.drain()) {
                schedule.written(pool, now);
            }
            enable(pool, armed);
        }
    }

    /**
     * An armed pool's devices, volumes or filesystems were written: it is looked at now (not sooner than a second
     * after its last look), and every 0.9 s while its counters keep moving.
     */
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
