package org.watchtray.nativeaccess.thinpool;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.watchtray.core.thinpool.ReadingSchedule;
import org.watchtray.core.thinpool.ThinPoolActivity;
import org.watchtray.core.thinpool.ThinPoolStatus;

/**
 * The shipped schedule with its looks, readings and write signals counted, for tests that must
 * know the source has looked at its pools (a barrier before asserting that nothing was read, or
 * that a pool is idle) or that a pool has become quiet, without sleeping.
 */
public final class WatchedSchedule implements ReadingSchedule {
    private final ReadingSchedule shipped;
    /** One permit per look that did not lead to a reading. */
    private final Semaphore idleLooks = new Semaphore(0);
    /** One permit per look that left a pool quiet that was not quiet before it. */
    private final Semaphore becameQuiet = new Semaphore(0);
    /** What happened, in order, with its monotonic time: "look", "read", "written", "quiet", "covered", "uncovered". */
    private final List<Entry> log = new CopyOnWriteArrayList<>();

    /** One thing the source did to the schedule, at {@code nanos} on its monotonic clock. */
    public record Entry(String what, String pool, long nanos) {
    }

    public WatchedSchedule(ReadingSchedule shipped) {
        this.shipped = shipped;
    }

    /** Waits until the source has looked {@code n} more times without reading; false when that took longer than {@code millis}. */
    public boolean awaitIdleLooks(int n, long millis) throws InterruptedException {
        idleLooks.drainPermits();
        return idleLooks.tryAcquire(n, millis, TimeUnit.MILLISECONDS);
    }

    /** Waits until a look leaves some pool quiet (from now on); false when that took longer than {@code millis}. */
    public boolean awaitQuiet(long millis) throws InterruptedException {
        becameQuiet.drainPermits();
        return becameQuiet.tryAcquire(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for the first entry after {@code mark} that is {@code what} for {@code pool} (e.g. "quiet"); null when
     * none came within {@code millis}.
     */
    public Entry await(String what, String pool, int mark, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        do {
            for (Entry e : since(mark)) {
                if (e.what().equals(what) && e.pool().equals(pool)) {
                    return e;
                }
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return null;
    }

    /** Everything since the start, in order. */
    public List<Entry> log() {
        return List.copyOf(log);
    }

    /** How many entries the log has now: a mark to read {@link #since} from. */
    public int mark() {
        return log.size();
    }

    /** The entries after {@code mark}. */
    public List<Entry> since(int mark) {
        List<Entry> all = log();
        return all.subList(Math.min(mark, all.size()), all.size());
    }

    @Override
    public void read(String pool, Optional<ThinPoolStatus> status, Optional<ThinPoolActivity> activity, long now) {
        log.add(new Entry("read", pool, now));
        shipped.read(pool, status, activity, now);
    }

    @Override
    public OptionalLong nextLook(String pool) {
        return shipped.nextLook(pool);
    }

    @Override
    public boolean looked(String pool, Optional<ThinPoolActivity> activity, long now) {
        log.add(new Entry("look", pool, now));
        boolean wasQuiet = shipped.quiet(pool);
        boolean read = shipped.looked(pool, activity, now);
        if (!read) {
            idleLooks.release();
        }
        if (!wasQuiet && shipped.quiet(pool)) {
            log.add(new Entry("quiet", pool, now));
            becameQuiet.release();
        }
        return read;
    }

    @Override
    public void written(String pool, long now) {
        log.add(new Entry("written", pool, now));
        shipped.written(pool, now);
    }

    @Override
    public void covered(String pool, Coverage coverage, long now) {
        log.add(new Entry(coverage == Coverage.NONE ? "uncovered" : "covered", pool, now));
        if (coverage == Coverage.BLOCK_LAYER) {
            log.add(new Entry("block", pool, now)); // covered by the block layer's signal
        }
        shipped.covered(pool, coverage, now);
    }

    @Override
    public boolean quiet(String pool) {
        return shipped.quiet(pool);
    }

    @Override
    public boolean listening(String pool) {
        return shipped.listening(pool);
    }

    @Override
    public void forget(String pool) {
        shipped.forget(pool);
    }

    @Override
    public OptionalLong next() {
        return shipped.next();
    }
}
