package org.watchtray.nativeaccess.thinpool;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.watchtray.core.thinpool.ReadingSchedule;
import org.watchtray.core.thinpool.ThinPoolActivity;
import org.watchtray.core.thinpool.ThinPoolStatus;

/**
 * The shipped schedule with its looks counted, for tests that must know the source has looked
 * at its pools (a barrier before asserting that nothing was read, or that a pool is idle)
 * without sleeping.
 */
public final class WatchedSchedule implements ReadingSchedule {
    private final ReadingSchedule shipped;
    /** One permit per look that did not lead to a reading. */
    private final Semaphore idleLooks = new Semaphore(0);

    public WatchedSchedule(ReadingSchedule shipped) {
        this.shipped = shipped;
    }

    /** Waits until the source has looked {@code n} more times without reading; false when that took longer than {@code millis}. */
    public boolean awaitIdleLooks(int n, long millis) throws InterruptedException {
        idleLooks.drainPermits();
        return idleLooks.tryAcquire(n, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void read(String pool, Optional<ThinPoolStatus> status, Optional<ThinPoolActivity> activity, long now) {
        shipped.read(pool, status, activity, now);
    }

    @Override
    public OptionalLong nextLook(String pool) {
        return shipped.nextLook(pool);
    }

    @Override
    public boolean looked(String pool, Optional<ThinPoolActivity> activity, long now) {
        boolean read = shipped.looked(pool, activity, now);
        if (!read) {
            idleLooks.release();
        }
        return read;
    }

    @Override
    public void written(String pool, long now) {
        shipped.written(pool, now);
    }

    @Override
    public void covered(String pool, boolean covered, long now) {
        shipped.covered(pool, covered, now);
    }

    @Override
    public boolean quiet(String pool) {
        return shipped.quiet(pool);
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
