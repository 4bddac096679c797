package org.watchtray.core.source;

import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.watchtray.core.event.Event;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.EventFd;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;
import org.watchtray.core.os.ThreadScheduling;

/**
 * The backend: one thread ("watchtray-backend"), one epoll set holding every source's fds, an
 * eventfd that wakes it for tasks and shutdown, and two timerfds for all deadlines: one for
 * wall-clock instants, one for points on the monotonic clock (see {@link Deadlines}). Events a
 * wakeup produces reach the sink as one batch. Sources and handlers run only on this thread;
 * one that throws is logged and isolated (see {@link SourceSlot}).
 */
public final class EventLoop implements Poller {
    /** Consecutive failed callbacks of one source after which it is stopped (and marked unavailable). */
    public static final int FAILURE_LIMIT = 5;
    private static final int MAX_EVENTS = 64;
    private static final long WAKE_TOKEN = 0;
    private static final long TIMER_TOKEN = 1;
    private static final long MONOTONIC_TIMER_TOKEN = 2;
    private static final long JOIN_MILLIS = 5_000;
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    /**
     * The backend thread's time slice. A wakeup's work takes tens of microseconds; with the
     * default slice (0.75 ms and up) a change waits behind whatever else runs on the CPU it woke
     * on (measured: 250–350 µs behind a findmnt, bench/README "the scheduler slice"). The
     * kernel's minimum, so that the thread's deadline is the earliest.
     */
    public static final Duration SLICE = Duration.ofNanos(100_000);

    private final ThreadScheduling scheduling;
    private final Libc libc;
    private final Clock clock;
    private final MonotonicClock monotonicClock;
    private final EventSink sink;
    private final int epollFd;
    private final EventFd wake;
    private final Deadlines<Instant> deadlines;
    private final Deadlines<Long> monotonic;
    private final Thread thread;

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final CopyOnWriteArrayList<SourceSlot> slots = new CopyOnWriteArrayList<>();
    /** Guards the wake eventfd against being written after it was closed (the number could be reused). */
    private final Object lifecycle = new Object();
    private boolean started;
    /** Set once by close() (or a fatal backend error); from then on nothing is accepted. */
    private volatile boolean stopping;

    // Backend-thread state.
    private final Map<Long, Watch> watches = new HashMap<>();
    private long nextToken = 3;
    /** How many times epoll_wait has returned (SourceContext.wakeup). */
    private long wakeups;
    /** How many fds the current wakeup's epoll_wait found ready ({@link #readyTokens}[0, readyCount)). */
    private int readyCount;
    private final List<Event> pending = new ArrayList<>();
    private final int[] readyBits = new int[MAX_EVENTS];
    private final long[] readyTokens = new long[MAX_EVENTS];

    /** {@code what}: how a failure of the handler is described, built once rather than at every wakeup. */
    private record Watch(long token, int fd, SourceSlot slot, SourceContext.ReadyHandler handler, String what) {
    }

    public EventLoop(Libc libc, Clock clock, EventSink sink) throws OsException {
        this(libc, clock, MonotonicClock.SYSTEM, sink, ThreadScheduling.NONE);
    }

    /** With the backend thread's scheduling: it asks for {@link #SLICE} when it starts. */
    public EventLoop(Libc libc, Clock clock, EventSink sink, ThreadScheduling scheduling) throws OsException {
        this(libc, clock, MonotonicClock.SYSTEM, sink, scheduling);
    }

    /** With the monotonic clock given too (tests move it); it must be CLOCK_MONOTONIC's pace for the timerfd to agree. */
    public EventLoop(Libc libc, Clock clock, MonotonicClock monotonicClock, EventSink sink) throws OsException {
        this(libc, clock, monotonicClock, sink, ThreadScheduling.NONE);
    }

    private EventLoop(Libc libc, Clock clock, MonotonicClock monotonicClock, EventSink sink, ThreadScheduling scheduling)
            throws OsException {
        this.scheduling = Objects.requireNonNull(scheduling);
        this.libc = Objects.requireNonNull(libc);
        this.clock = Objects.requireNonNull(clock);
        this.monotonicClock = Objects.requireNonNull(monotonicClock);
        this.sink = Objects.requireNonNull(sink);
        int ep = -1;
        EventFd wakeup = null;
        Deadlines<Instant> timers = null;
        Deadlines<Long> monotonicTimers = null;
        try {
            ep = libc.epoll_create();
            wakeup = new EventFd(libc);
            timers = Deadlines.wallClock(libc, clock);
            monotonicTimers = Deadlines.monotonic(libc, monotonicClock);
            libc.epoll_ctl(ep, Libc.EPOLL_CTL_ADD, wakeup.fd(), SourceContext.READABLE, WAKE_TOKEN);
            libc.epoll_ctl(ep, Libc.EPOLL_CTL_ADD, timers.fd(), SourceContext.READABLE, TIMER_TOKEN);
            libc.epoll_ctl(ep, Libc.EPOLL_CTL_ADD, monotonicTimers.fd(), SourceContext.READABLE, MONOTONIC_TIMER_TOKEN);
        } catch (OsException e) {
            if (monotonicTimers != null) {
                monotonicTimers.close();
            }
            if (timers != null) {
                timers.close();
            }
            if (wakeup != null) {
                wakeup.close();
            }
            libc.closeQuietly(ep);
            throw e;
        }
        this.epollFd = ep;
        this.wake = wakeup;
        this.deadlines = timers;
        this.monotonic = monotonicTimers;
        this.thread = new Thread(this::loop, "watchtray-backend");
        this.thread.setDaemon(true);
    }

    @Override
    public void add(Source source) {
        SourceSlot slot = new SourceSlot(source, this);
        synchronized (lifecycle) {
            if (stopping) {
                LOG.log(Level.DEBUG, "poller closed: source " + source.id().wireName() + " not added");
                return;
            }
            slots.add(slot);
        }
        execute(slot::start);
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (stopping || started) {
                return;
            }
            started = true;
        }
        thread.start();
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task);
        synchronized (lifecycle) {
            if (stopping) {
                LOG.log(Level.DEBUG, "poller closed: task dropped");
                return;
            }
            tasks.add(task);
            wakeUp();
        }
    }

    /** Called with {@code lifecycle} held, while the eventfd is still open. */
    private void wakeUp() {
        try {
            wake.signal();
        } catch (OsException e) {
            LOG.log(Level.WARNING, "backend wakeup failed: " + e.getMessage());
        }
    }

    @Override
    public List<SourceStatus> statuses() {
        return slots.stream().map(SourceSlot::status).toList();
    }

    /** True on the backend thread; sources may assert it. */
    public boolean inBackendThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void close() {
        boolean wasStarted;
        synchronized (lifecycle) {
            if (stopping) {
                return;
            }
            stopping = true;
            wasStarted = started;
            if (wasStarted) {
                wakeUp();
            }
        }
        if (!wasStarted) {
            shutDown();
        } else if (!inBackendThread()) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.log(Level.WARNING, "backend thread did not stop within " + JOIN_MILLIS + " ms (a handler is blocking)");
            }
        }
    }

    private void loop() {
        askForSlice();
        try {
            while (!stopping) {
                waitAndRun();
            }
        } catch (OsException | RuntimeException e) {
            // The poller's own fds failed: nothing can be watched any more. Say so on every source.
            LOG.log(Level.ERROR, "backend stopped: " + describe(e));
            for (SourceSlot slot : slots) {
                slot.statusChanged(SourceStatus.unavailable(slot.source().id(), "backend stopped: " + e.getMessage()));
            }
            flush();
        } finally {
            shutDown();
        }
    }

    /**
     * Sets {@link #SLICE} for this thread. Quiet when it works (or the kernel, before 6.12, takes
     * and ignores it); a refusal (a sandbox's seccomp filter says EPERM) costs nothing but the
     * latency it would have saved, so it is only a debug line.
     */
    private void askForSlice() {
        try {
            scheduling.requestSlice(SLICE);
        } catch (OsException e) {
            LOG.log(Level.DEBUG, "backend thread keeps the default time slice: " + e.getMessage());
        }
    }

    /**
     * One wakeup: wait, handle what is ready, run tasks and due deadlines, hand the batch on. A
     * method of its own so the JIT compiles it after a few hundred wakeups; the loop around it
     * runs once for the thread's life and would stay interpreted.
     */
    private void waitAndRun() throws OsException {
        int n = libc.epoll_wait(epollFd, readyBits, readyTokens, -1);
        wakeups++;
        readyCount = n;
        boolean timerFired = false;
        boolean monotonicFired = false;
        for (int i = 0; i < n && !stopping; i++) {
            int bits = readyBits[i];
            long token = readyTokens[i];
            if (token == WAKE_TOKEN) {
                wake.drain();
            } else if (token == TIMER_TOKEN) {
                timerFired = true;
            } else if (token == MONOTONIC_TIMER_TOKEN) {
                monotonicFired = true;
            } else {
                dispatch(token, bits);
            }
        }
        runTasks();
        if (timerFired && !stopping) {
            if (deadlines.acknowledge()) {
                LOG.log(Level.INFO, "wall clock changed: deadlines re-evaluated");
                for (ClockJumpRegistration r : List.copyOf(clockJumpListeners)) {
                    r.slot.guarded("after a clock jump", r.action::run);
                }
            }
            runDue(deadlines);
        }
        if (monotonicFired && !stopping) {
            monotonic.acknowledge();
            runDue(monotonic);
        }
        deadlines.rearm();
        monotonic.rearm();
        flush();
    }

    private void dispatch(long token, int bits) {
        Watch w = watches.get(token);
        if (w == null) {
            return; // cancelled earlier in this same wakeup
        }
        w.slot().guarded(w.what(), () -> w.handler().ready(bits));
    }

    private void runTasks() {
        Runnable task;
        while (!stopping && (task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "backend task failed: " + describe(t));
            }
        }
    }

    private <T extends Comparable<? super T>> void runDue(Deadlines<T> queue) {
        for (Deadlines.Deadline<T> d : queue.takeDue()) {
            if (d.action instanceof DeadlineRegistration<?> r) {
                r.slot.forget(r);
                r.slot.guarded("deadline at " + d.at, r.action::run);
            } else {
                d.action.run(); // the loop's own (NEVER's keeper, only with a clock set past it)
            }
        }
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        // The sink gets an immutable copy; the list itself is kept for the next wakeup (no new one per change).
        List<Event> batch = List.copyOf(pending);
        pending.clear();
        try {
            sink.accept(batch);
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "event sink failed on a batch of " + batch.size() + ": " + describe(t));
        }
    }

    private void shutDown() {
        for (SourceSlot slot : slots) {
            slot.close();
        }
        watches.clear();
        synchronized (lifecycle) {
            stopping = true;
            deadlines.close();
            monotonic.close();
            wake.close();
            libc.closeQuietly(epollFd);
        }
    }

    // ---- called by SourceSlot on the backend thread ----

    SourceContext.Registration addWatch(SourceSlot slot, int fd, int interest, SourceContext.ReadyHandler handler) {
        long token = nextToken++;
        try {
            control(epollFd, Libc.EPOLL_CTL_ADD, fd, interest, token);
        } catch (OsException e) {
            throw new UncheckedIOException(e);
        }
        watches.put(token, new Watch(token, fd, slot, handler, "handler for fd " + fd));
        return new WatchRegistration() {
            private boolean done;

            @Override
            public boolean foundReady() {
                return !done && EventLoop.this.foundReady(token);
            }

            @Override
            public void close() {
                if (done) {
                    return;
                }
                done = true;
                slot.forget(this);
                if (watches.remove(token) != null) {
                    try {
                        control(epollFd, Libc.EPOLL_CTL_DEL, fd, 0, token);
                    } catch (OsException e) {
                        // The source closed the fd first: the kernel already dropped it from the set.
                        if (e.errno() != Errno.EBADF && e.errno() != Errno.ENOENT) {
                            LOG.log(Level.WARNING, describe(e));
                        }
                    }
                }
            }
        };
    }

    /** A watch's registration, which can say whether its fd was found ready in the current wakeup. */
    interface WatchRegistration extends SourceContext.Registration {
        boolean foundReady();
    }

    /** A deadline's registration doubles as its action so the queue entry can find its slot. */
    private static final class DeadlineRegistration<T extends Comparable<? super T>> implements SourceContext.Registration, Runnable {
        final SourceSlot slot;
        final Runnable action;
        final Deadlines<T> queue;
        Deadlines.Deadline<T> deadline;

        DeadlineRegistration(SourceSlot slot, Runnable action, Deadlines<T> queue) {
            this.slot = slot;
            this.action = action;
            this.queue = queue;
        }

        @Override
        public void run() {
            action.run();
        }

        @Override
        public void close() {
            slot.forget(this);
            queue.cancel(deadline);
        }
    }

    /**
     * A wall-clock deadline far beyond any real one, kept while someone listens for clock jumps:
     * it keeps the wall-clock timerfd armed (with TFD_TIMER_CANCEL_ON_SET), so a jump or a resume
     * cancels it and wakes the loop, and it never fires.
     */
    private static final Instant NEVER = Instant.parse("9999-01-01T00:00:00Z");
    private final List<ClockJumpRegistration> clockJumpListeners = new ArrayList<>();
    private Deadlines.Deadline<Instant> keepWallTimerArmed;

    private final class ClockJumpRegistration implements SourceContext.Registration {
        final SourceSlot slot;
        final Runnable action;

        ClockJumpRegistration(SourceSlot slot, Runnable action) {
            this.slot = slot;
            this.action = action;
        }

        @Override
        public void close() {
            slot.forget(this);
            if (clockJumpListeners.remove(this) && clockJumpListeners.isEmpty() && keepWallTimerArmed != null) {
                deadlines.cancel(keepWallTimerArmed);
                keepWallTimerArmed = null;
            }
        }
    }

    SourceContext.Registration addClockJumpListener(SourceSlot slot, Runnable action) {
        ClockJumpRegistration r = new ClockJumpRegistration(slot, action);
        clockJumpListeners.add(r);
        if (keepWallTimerArmed == null) {
            keepWallTimerArmed = deadlines.add(NEVER, () -> keepWallTimerArmed = null);
        }
        return r;
    }

    SourceContext.Registration addDeadline(SourceSlot slot, Instant at, Runnable action) {
        return add(deadlines, slot, at, action);
    }

    SourceContext.Registration addMonotonicDeadline(SourceSlot slot, long atNanos, Runnable action) {
        return add(monotonic, slot, atNanos, action);
    }

    private static <T extends Comparable<? super T>> SourceContext.Registration add(Deadlines<T> queue, SourceSlot slot, T at, Runnable action) {
        DeadlineRegistration<T> r = new DeadlineRegistration<>(slot, action, queue);
        r.deadline = queue.add(at, r);
        return r;
    }

    void emit(Event event) {
        pending.add(event);
    }

    void checkBackendThread() {
        if (thread.isAlive() && !inBackendThread()) {
            throw new IllegalStateException("SourceContext used outside the backend thread (" + Thread.currentThread().getName() + ")");
        }
    }

    Clock clock() {
        return clock;
    }

    MonotonicClock monotonicClock() {
        return monotonicClock;
    }

    long wakeup() {
        return wakeups;
    }

    /** Whether the watch with {@code token} was among the fds this wakeup's epoll_wait found ready (a handful: a scan). */
    boolean foundReady(long token) {
        for (int i = 0; i < readyCount; i++) {
            if (readyTokens[i] == token) {
                return true;
            }
        }
        return false;
    }

    /**
     * Number of fds, deadlines and clock-jump listeners currently registered by sources, and the
     * loop's own deadline that keeps the wall-clock timer armed for the listeners (tests use it to
     * prove cleanup).
     */
    public int registrations() {
        return watches.size() + deadlines.size() + monotonic.size() + clockJumpListeners.size();
    }

    private void control(int ep, int op, int fd, int interest, long token) throws OsException {
        libc.epoll_ctl(ep, op, fd, interest, token);
    }

    static String describe(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
        StackTraceElement[] trace = t.getStackTrace();
        return trace.length == 0 ? message : message + " (at " + trace[0] + ")";
    }
}
