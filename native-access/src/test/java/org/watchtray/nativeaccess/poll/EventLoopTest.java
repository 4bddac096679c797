package org.watchtray.nativeaccess.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.watchtray.core.os.Libc.O_NONBLOCK;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.watchtray.core.testing.LogCapture;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.source.EventLoop;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/** The backend poller against the real kernel: epoll, eventfd, timerfd and pipes. */
class EventLoopTest {
    private static final LinuxLibc LIBC = new LinuxLibc();
    private final BlockingQueue<List<Event>> batches = new LinkedBlockingQueue<>();
    private final LogCapture logCapture = LogCapture.ofPackage(EventLoop.class);
    private final List<String> log = logCapture.lines();
    private final List<int[]> pipes = new ArrayList<>();
    private EventLoop poller;

    @AfterEach
    void tearDown() {
        if (poller != null) {
            poller.close();
        }
        for (int[] p : pipes) {
            LIBC.closeQuietly(p[0]);
            LIBC.closeQuietly(p[1]);
        }
        logCapture.close();
    }

    private EventLoop newPoller() throws OsException {
        poller = new EventLoop(LIBC, Clock.systemUTC(), batches::add);
        return poller;
    }

    private int[] pipe() throws OsException {
        int[] p = LIBC.pipe2(O_NONBLOCK);
        pipes.add(p);
        return p;
    }

    private static void writeByte(int fd) throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            LIBC.write(fd, arena.allocate(1), 1);
        }
    }

    private static KeyEvent keyEvent(int serial) {
        return new KeyEvent(Instant.now(), KeyEvent.Change.UPDATED, serial, "user", "t", 0, null, KeyEvent.Origin.PROC_KEYS, null);
    }

    /** Waits for the next batch holding a KeyEvent; status events are skipped. */
    private List<KeyEvent> nextKeyEvents(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            List<Event> b = batches.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())), TimeUnit.MILLISECONDS);
            if (b == null) {
                break;
            }
            List<KeyEvent> keys = b.stream().filter(KeyEvent.class::isInstance).map(KeyEvent.class::cast).toList();
            if (!keys.isEmpty()) {
                return keys;
            }
        }
        return List.of();
    }

    /** A source built from lambdas; records whether it was closed. */
    static final class TestSource implements Source {
        final SourceId id;
        final Consumer<SourceContext> onStart;
        volatile boolean closed;
        volatile SourceContext context;
        final List<Runnable> onClose = new ArrayList<>();

        TestSource(SourceId id, Consumer<SourceContext> onStart) {
            this.id = id;
            this.onStart = onStart;
        }

        @Override
        public SourceId id() {
            return id;
        }

        @Override
        public SourceStatus start(SourceContext context) {
            this.context = context;
            onStart.accept(context);
            return status();
        }
        public SourceStatus status() {
            return SourceStatus.active(id, "test mechanism");
        }

        @Override
        public void close() {
            closed = true;
            onClose.forEach(Runnable::run);
        }
    }

    @Test
    void theBackendThreadAsksForTheShortestSliceAndTheKernelGivesIt() throws Exception {
        org.watchtray.nativeaccess.libc.SchedAttrTest.assumeCustomSlices();
        poller = new EventLoop(LIBC, Clock.systemUTC(), batches::add, org.watchtray.nativeaccess.NativeAccess.linux().threadScheduling());
        BlockingQueue<Long> seen = new LinkedBlockingQueue<>();
        poller.start();
        poller.execute(() -> seen.add(org.watchtray.nativeaccess.libc.SchedAttrTest.slice()));
        assertEquals(EventLoop.SLICE.toNanos(), seen.poll(5, TimeUnit.SECONDS), "the backend thread's se.slice");
        assertEquals(List.of(), log.stream().filter(l -> l.contains("slice")).toList(), "a slice that was given is not logged");
    }

    @Test
    void readableFdReachesItsHandlerAndEventsArriveAsOneBatchPerWakeup() throws Exception {
        int[] p = pipe();
        newPoller().add(new TestSource(SourceId.KEYS, ctx -> ctx.watch(p[0], SourceContext.READABLE, bits -> {
            try (Arena arena = Arena.ofConfined()) {
                LIBC.readOrAgain(p[0], arena.allocate(16), 16);
            }
            ctx.emit(keyEvent(1));
            ctx.emit(keyEvent(2));
        })));
        poller.start();
        List<Event> first = batches.poll(5, TimeUnit.SECONDS);
        assertTrue(first != null && first.getFirst() instanceof SourceStatusEvent s && s.status().state() == SourceStatus.State.ACTIVE,
                "the start publishes the source's status: " + first);
        assertEquals(SourceStatus.active(SourceId.KEYS, "test mechanism"), poller.statuses().getFirst());

        writeByte(p[1]);
        List<KeyEvent> keys = nextKeyEvents(5000);
        assertEquals(List.of(1, 2), keys.stream().map(KeyEvent::serial).toList(), "both events of one wakeup in one batch");
    }

    /**
     * A handler can ask whether another watch's fd was found ready in the same wakeup: not while
     * only its own fd has data, yes when both had data as the loop woke, never for a cancelled
     * watch. The backend is held while both pipes are written, so they are ready in one wakeup.
     */
    @Test
    void aHandlerCanTellWhetherAnotherWatchWasFoundReadyInItsWakeup() throws Exception {
        int[] a = pipe();
        int[] b = pipe();
        int[] c = pipe();
        List<String> seen = new CopyOnWriteArrayList<>();
        SourceContext.Registration[] watches = new SourceContext.Registration[3];
        newPoller().add(new TestSource(SourceId.KEYS, ctx -> {
            watches[0] = ctx.watch(a[0], SourceContext.READABLE, bits -> {
                seen.add("own " + ctx.foundReady(watches[0]) + ", b " + ctx.foundReady(watches[1])
                        + ", cancelled " + ctx.foundReady(watches[2]));
                drain(a[0]);
                ctx.emit(keyEvent(1));
            });
            watches[1] = ctx.watch(b[0], SourceContext.READABLE, bits -> {
                drain(b[0]);
                ctx.emit(keyEvent(2));
            });
            watches[2] = ctx.watch(c[0], SourceContext.READABLE, bits -> { });
            watches[2].close();
        }));
        poller.start();
        writeByte(c[1]);
        writeByte(a[1]);
        assertEquals(List.of(1), nextKeyEvents(5000).stream().map(KeyEvent::serial).toList());
        assertEquals(List.of("own true, b false, cancelled false"), seen, "b had nothing: not found ready");

        seen.clear();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        poller.execute(() -> {
            holding.countDown();
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(holding.await(5, TimeUnit.SECONDS));
        writeByte(b[1]);
        writeByte(a[1]);
        held.countDown();
        List<Integer> both = new ArrayList<>();
        while (both.size() < 2) {
            List<KeyEvent> next = nextKeyEvents(5000);
            assertFalse(next.isEmpty(), "both handlers ran: " + both);
            next.forEach(k -> both.add(k.serial()));
        }
        assertEquals(List.of("own true, b true, cancelled false"), seen, "a and b found ready in one wakeup");
    }

    private static void drain(int fd) throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            LIBC.readOrAgain(fd, arena.allocate(16), 16);
        }
    }

    @Test
    void deadlinesFireInTimeOrderAndCancelledOnesNever() throws Exception {
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        List<Duration> lateness = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(4);
        newPoller().add(new TestSource(SourceId.KEYS, ctx -> {
            Instant now = ctx.clock().instant();
            for (String name : List.of("300", "100", "200", "150-cancelled", "past")) {
                long ms = name.equals("past") ? -1000 : Long.parseLong(name.replaceAll("\\D", ""));
                Instant at = now.plusMillis(ms);
                SourceContext.Registration r = ctx.schedule(at, () -> {
                    lateness.add(Duration.between(at, Instant.now()));
                    fired.add(name);
                    done.countDown();
                });
                if (name.endsWith("cancelled")) {
                    r.close();
                }
            }
        }));
        poller.start();
        assertTrue(done.await(5, TimeUnit.SECONDS), "fired: " + fired);
        Thread.sleep(100);
        assertEquals(List.of("past", "100", "200", "300"), fired);
        for (Duration late : lateness.subList(1, 4)) {
            assertFalse(late.isNegative(), "a deadline never fires early: " + lateness);
            assertTrue(late.toMillis() < 500, "and not much late: " + lateness);
        }
        assertEquals(0, onBackend(poller::registrations), "fired deadlines are forgotten");
    }

    @Test
    void monotonicDeadlinesCountOnTheMonotonicClockWhateverTheWallClockSays() throws Exception {
        // The wall clock reads an hour behind (as after someone set it back): a deadline on the
        // monotonic clock still fires when its duration has passed, in order, cancelled ones never.
        poller = new EventLoop(LIBC, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)), batches::add);
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        List<Long> lateNanos = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(2);
        poller.add(new TestSource(SourceId.THINPOOL, ctx -> {
            long now = ctx.nanoTime();
            for (String name : List.of("200", "100", "150-cancelled")) {
                long at = now + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(name.replaceAll("\\D", "")));
                SourceContext.Registration r = ctx.scheduleMonotonic(at, () -> {
                    lateNanos.add(System.nanoTime() - at);
                    fired.add(name);
                    done.countDown();
                });
                if (name.endsWith("cancelled")) {
                    r.close();
                }
            }
        }));
        poller.start();
        assertTrue(done.await(5, TimeUnit.SECONDS), "fired: " + fired);
        assertEquals(List.of("100", "200"), fired);
        for (long late : lateNanos) {
            assertTrue(late >= 0, "a monotonic deadline never fires early: " + lateNanos);
            assertTrue(late < TimeUnit.MILLISECONDS.toNanos(500), "and not an hour late: " + lateNanos);
        }
        assertEquals(0, onBackend(poller::registrations), "fired deadlines are forgotten");
    }

    @Test
    void deadlineScheduledFromAnotherDeadlineAndEarlierRearmWork() throws Exception {
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(2);
        newPoller().add(new TestSource(SourceId.KEYS, ctx -> {
            Instant now = ctx.clock().instant();
            ctx.schedule(now.plusSeconds(3600), () -> fired.add("hour"));
            ctx.schedule(now.plusMillis(50), () -> {
                fired.add("first");
                done.countDown();
                ctx.schedule(ctx.clock().instant().plusMillis(50), () -> {
                    fired.add("chained");
                    done.countDown();
                });
            });
        }));
        poller.start();
        assertTrue(done.await(5, TimeUnit.SECONDS), "fired: " + fired);
        assertEquals(List.of("first", "chained"), fired);
        assertEquals(1, onBackend(poller::registrations), "the hour-long deadline is still pending");
    }

    @Test
    void executeRunsTasksFromManyThreadsOnTheBackendThread() throws Exception {
        newPoller().start();
        int threads = 4;
        int perThread = 250;
        List<String> threadNames = Collections.synchronizedList(new ArrayList<>());
        int[] counter = {0}; // touched only on the backend thread
        CountDownLatch all = new CountDownLatch(threads * perThread);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread sender = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    poller.execute(() -> {
                        counter[0]++;
                        if (counter[0] % 100 == 0) {
                            threadNames.add(Thread.currentThread().getName());
                        }
                        all.countDown();
                    });
                }
            });
            senders.add(sender);
            sender.start();
        }
        for (Thread s : senders) {
            s.join();
        }
        assertTrue(all.await(10, TimeUnit.SECONDS), "left: " + all.getCount());
        assertEquals(threads * perThread, onBackend(() -> counter[0]));
        assertTrue(threadNames.stream().allMatch("watchtray-backend"::equals), threadNames.toString());
    }

    @Test
    void aThrowingHandlerIsIsolatedAndItsSourceStoppedWhileOthersGoOn() throws Exception {
        int[] bad = pipe();
        int[] good = pipe();
        TestSource failing = new TestSource(SourceId.MOUNTS, ctx -> ctx.watch(bad[0], SourceContext.READABLE, bits -> {
            throw new IllegalStateException("broken handler");
        }));
        TestSource healthy = new TestSource(SourceId.KEYS, ctx -> ctx.watch(good[0], SourceContext.READABLE, bits -> {
            try (Arena arena = Arena.ofConfined()) {
                LIBC.readOrAgain(good[0], arena.allocate(16), 16);
            }
            ctx.emit(keyEvent(7));
        }));
        newPoller().add(failing);
        poller.add(healthy);
        poller.start();
        writeByte(bad[1]); // level-triggered: the broken handler is called again and again until stopped

        SourceStatus stopped = awaitStarted(0);
        assertEquals(SourceStatus.State.UNAVAILABLE, stopped.state());
        assertTrue(stopped.reason().contains("broken handler") && stopped.reason().contains(EventLoop.FAILURE_LIMIT + " failures"), stopped.reason());
        assertTrue(failing.closed, "the failing source was closed");
        assertEquals(EventLoop.FAILURE_LIMIT, log.stream().filter(l -> l.startsWith("mounts: handler for fd")).count(), log.toString());

        writeByte(good[1]);
        assertEquals(List.of(7), nextKeyEvents(5000).stream().map(KeyEvent::serial).toList(), "the other source still works");
        assertEquals(SourceStatus.State.ACTIVE, poller.statuses().get(1).state());
    }

    @Test
    void aSourceWhoseStartThrowsIsUnavailableWithTheReason() throws Exception {
        newPoller().add(new TestSource(SourceId.KEYS, ctx -> {
            throw new IllegalArgumentException("no such keyring");
        }));
        poller.start();
        SourceStatus s = awaitStarted(0);
        assertEquals(SourceStatus.State.UNAVAILABLE, s.state());
        assertTrue(s.reason().contains("no such keyring"), s.reason());
    }

    @Test
    void closeIsPromptStopsTheThreadClosesSourcesAndLeavesNoFdOpen() throws Exception {
        // Warm up once so class loading (which opens jar files) is not counted as a leak.
        runPollerWithSources().close();
        Map<Integer, String> before = openFds();

        EventLoop p = runPollerWithSources();
        TestSource source = (TestSource) sourceOf(p);
        long t0 = System.nanoTime();
        p.close();
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        p.close(); // idempotent

        assertTrue(closeMillis < 1000, "close took " + closeMillis + " ms");
        assertTrue(source.closed, "sources are closed");
        assertFalse(threadAlive("watchtray-backend"), "backend thread stopped");
        assertEquals(before, openFds(), "no fd left open");
        p.execute(() -> { }); // after close: dropped with a log line, no exception
        assertTrue(log.contains("poller closed: task dropped"), log.toString());
    }

    @Test
    void closeBeforeStartClosesEverythingToo() throws Exception {
        new EventLoop(LIBC, Clock.systemUTC(), batches::add).close(); // warm-up
        Map<Integer, String> before = openFds();
        EventLoop p = new EventLoop(LIBC, Clock.systemUTC(), batches::add);
        TestSource s = new TestSource(SourceId.KEYS, ctx -> { });
        p.add(s);
        p.close();
        assertTrue(s.closed);
        assertEquals(before, openFds());
    }

    @Test
    void anIdleBackendNeverWakesUp() throws Exception {
        newPoller().add(new TestSource(SourceId.KEYS, ctx -> ctx.schedule(ctx.clock().instant().plusSeconds(3600), () -> { })));
        poller.start();
        Path task = Path.of(onBackend(() -> {
            try {
                return Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }));
        Path dir = Path.of("/proc").resolve(task);
        Path status = dir.resolve("status");
        // The wakeup of onBackend itself ends when the thread is back asleep in epoll_wait; on a
        // loaded machine that can take longer than any fixed pause, and a count taken before it
        // would see the thread's own going back to sleep as a wakeup.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!asleepInEpoll(dir) && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertTrue(asleepInEpoll(dir), "the backend thread went back to sleep in epoll_wait: " + Files.readString(dir.resolve("syscall")));
        // A stepped wall clock rightly wakes it (its wall-clock deadlines are re-evaluated, and it
        // logs "wall clock changed"): a VM whose clock is being corrected steps it many times a
        // second. Such a window proves nothing; up to five are tried for one without a step.
        int steppedWindows = 0;
        for (int window = 0; window < 5; window++) {
            long steps = clockSteps();
            long before = switches(status);
            Thread.sleep(1500); // the time it is watched for: asleep, nothing may wake it (no tick, no poll timeout)
            long after = switches(status);
            if (clockSteps() != steps) {
                steppedWindows++;
                continue;
            }
            assertEquals(before, after, "context switches of the idle backend thread over 1.5 s");
            assertTrue(asleepInEpoll(dir), "still asleep in epoll_wait");
            return;
        }
        org.junit.jupiter.api.Assumptions.abort("the wall clock was stepped during each of " + steppedWindows
                + " windows of 1.5 s (this machine's clock is being corrected); an idle backend rightly wakes for each step");
    }

    private long clockSteps() {
        return log.stream().filter(l -> l.contains("wall clock changed")).count();
    }

    /** The epoll_wait family's syscall numbers, as /proc/TASK/syscall names a call the thread is blocked in. */
    private static final java.util.Set<String> EPOLL_WAITS = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> java.util.Set.of("232", "281", "441");   // epoll_wait, epoll_pwait, epoll_pwait2
        case "aarch64" -> java.util.Set.of("22", "441");                   // epoll_pwait, epoll_pwait2
        default -> throw new IllegalStateException("epoll_wait's syscall numbers are not known for " + System.getProperty("os.arch"));
    };

    /**
     * Whether the thread is off the CPU, asleep in epoll_wait. The kernel answers
     * /proc/TASK/syscall only for a thread that is not running (else "running"), so its
     * going-to-sleep switch has been counted by then.
     */
    private static boolean asleepInEpoll(Path task) throws IOException {
        String[] call = Files.readString(task.resolve("syscall")).strip().split(" ");
        boolean sleeping = Files.readAllLines(task.resolve("status")).stream().anyMatch(l -> l.startsWith("State:") && l.contains("S (sleeping)"));
        return EPOLL_WAITS.contains(call[0]) && sleeping;
    }

    /** The status of source {@code index} once it has left "not started yet" (and, if it fails, stopped). */
    private SourceStatus awaitStarted(int index) throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < end) {
            SourceStatus s = poller.statuses().get(index);
            if (s.state() == SourceStatus.State.UNAVAILABLE && !s.reason().equals("not started yet")) {
                return s;
            }
            Thread.sleep(10);
        }
        return poller.statuses().get(index);
    }

    private static long switches(Path status) throws IOException {
        return Files.readAllLines(status).stream()
                .filter(l -> l.startsWith("voluntary_ctxt_switches") || l.startsWith("nonvoluntary_ctxt_switches"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).sum();
    }

    private final Map<EventLoop, Source> sources = new java.util.IdentityHashMap<>();

    private Source sourceOf(EventLoop p) {
        return sources.get(p);
    }

    /** A started poller with a source holding a watched pipe (closed in close()) and a pending deadline. */
    private EventLoop runPollerWithSources() throws Exception {
        int[] p = LIBC.pipe2(O_NONBLOCK);
        CountDownLatch started = new CountDownLatch(1);
        TestSource source = new TestSource(SourceId.KEYS, ctx -> {
            ctx.watch(p[0], SourceContext.READABLE, bits -> { });
            ctx.schedule(ctx.clock().instant().plusSeconds(600), () -> { });
            started.countDown();
        });
        source.onClose.add(() -> {
            LIBC.closeQuietly(p[0]);
            LIBC.closeQuietly(p[1]);
        });
        EventLoop poller = new EventLoop(LIBC, Clock.systemUTC(), batches::add);
        poller.add(source);
        poller.start();
        assertTrue(started.await(5, TimeUnit.SECONDS));
        sources.put(poller, source);
        return poller;
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private static Map<Integer, String> openFds() throws IOException {
        Map<Integer, String> fds = new TreeMap<>();
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : list.toList()) {
                try {
                    fds.put(Integer.parseInt(fd.getFileName().toString()), Files.readSymbolicLink(fd).toString());
                } catch (IOException gone) {
                    // the directory stream's own fd, closed by now
                }
            }
        }
        return fds;
    }

    private <T> T onBackend(java.util.concurrent.Callable<T> call) throws Exception {
        var result = new java.util.concurrent.CompletableFuture<T>();
        poller.execute(() -> {
            try {
                result.complete(call.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(5, TimeUnit.SECONDS);
    }
}
