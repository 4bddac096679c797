package org.watchtray.nativeaccess.mounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.mounts.MountNotifications;
import org.watchtray.core.mounts.MountSource;
import org.watchtray.core.mounts.MountTables;
import org.watchtray.core.os.OsException;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.EventLoop;
import org.watchtray.nativeaccess.NativeAccess;
import org.watchtray.nativeaccess.mounts.MountScenarioMain.Shell;

/**
 * What mount changes cost the {@link MountSource}, in kernel calls counted through its
 * {@link MountTables} binding (not timed), in whatever namespace (and table) it was started in.
 * Nothing is noise and bursts are not coalesced, so every change is an event.
 *
 * <pre>
 * args: changes MECHANISMS DIR N   mount and unmount a tmpfs at DIR/t N times in all, each waited
 *                                  for, then a barrier mount at DIR/b; prints the calls made
 *                                  from the first change to the barrier's event
 *       remounts MECHANISMS DIR N  remount the tmpfs already at DIR/t read-only and back, N times in all,
 *                                  each waited for, then the barrier; prints the same
 *       overflow DIR BASH          runs BASH while the backend thread is held (its mounts overflow
 *                                  fanotify's queue), then a barrier mount at DIR/b
 * stdout: one JSON object: table (mounts at start), listmount, statmount (calls), fanotifyReads and
 *         fanotifyEmptyReads (reads of the fanotify group, and those that found nothing), events (mount
 *         events, barrier excluded), losses, verificationDueMs (from the start's look; -1: none due),
 *         tableAfter (the source's table), listedAfter (listmount's count, at the end)
 * </pre>
 */
public final class MountCostMain {
    private static final long WAIT_MILLIS = 60_000L * Integer.getInteger(PrivateMountNamespace.WAIT_SCALE, 1);

    /** The binding, counting what the source asks of it. */
    private static final class Counting implements MountTables {
        final MountTables real;
        final AtomicInteger listmount = new AtomicInteger();
        final AtomicInteger statmount = new AtomicInteger();

        Counting(MountTables real) {
            this.real = real;
        }

        @Override
        public long[] listAll() throws OsException {
            listmount.incrementAndGet();
            return real.listAll();
        }

        @Override
        public int statmount(long id, long mask, byte[] buf) throws OsException {
            statmount.incrementAndGet();
            return real.statmount(id, mask, buf);
        }
    }

    /** The fanotify group, counting its reads and those that found nothing queued (EAGAIN). */
    private static final class CountingNotifications implements MountNotifications {
        final MountNotifications real;
        final AtomicInteger reads;
        final AtomicInteger empty;

        CountingNotifications(MountNotifications real, AtomicInteger reads, AtomicInteger empty) {
            this.real = real;
            this.reads = reads;
            this.empty = empty;
        }

        @Override
        public int fd() {
            return real.fd();
        }

        @Override
        public int readOrAgain(byte[] buf) throws OsException {
            reads.incrementAndGet();
            int n = real.readOrAgain(buf);
            if (n <= 0) {
                empty.incrementAndGet();
            }
            return n;
        }

        @Override
        public void close() {
            real.close();
        }
    }

    private final BlockingQueue<List<Event>> batches = new LinkedBlockingQueue<>();

    public static void main(String[] args) throws Exception {
        new MountCostMain().run(args);
    }

    private void run(String[] args) throws Exception {
        boolean overflow = args[0].equals("overflow");
        MountSource.Mechanisms mechanisms = overflow ? MountSource.Mechanisms.BEST : MountSource.Mechanisms.valueOf(args[1]);
        String dir = overflow ? args[1] : args[2];
        NativeAccess bindings = NativeAccess.linux();
        Counting tables = new Counting(bindings.mountTables());
        Settings.Mounts settings = new Settings.Mounts(List.of(), List.of(), Integer.MAX_VALUE, Duration.ofSeconds(1));
        AtomicInteger fanotifyReads = new AtomicInteger();
        AtomicInteger fanotifyEmpty = new AtomicInteger();
        MountNotifications.Opener opener = bindings.mountNotifications();
        MountSource source = new MountSource(bindings.libc(), tables,
                () -> new CountingNotifications(opener.open(), fanotifyReads, fanotifyEmpty), settings, mechanisms);
        Map<String, Object> out = new LinkedHashMap<>();
        try (EventLoop poller = new EventLoop(bindings.libc(), Clock.systemUTC(), batches::add)) {
            poller.add(source);
            Instant started = Instant.now();
            poller.start();
            out.put("table", onBackend(poller, () -> source.table().size()));
            out.put("status", poller.statuses().getFirst().describe());
            batches.clear();  // the status at start
            tables.listmount.set(0);
            tables.statmount.set(0);
            fanotifyReads.set(0);
            fanotifyEmpty.set(0);
            int mounted = 0;
            if (overflow) {
                must(MountScenarioMain.whileBackendHeld(poller, args[2]));
            } else {
                int n = Integer.parseInt(args[3]);
                for (int i = 0; i < n; i++) {
                    boolean mounting = i % 2 == 0;
                    String change = args[0].equals("remounts") ? "mount -o remount," + (mounting ? "ro " : "rw ") + dir + "/t"
                            : mounting ? "mount -t tmpfs -o size=4k cost " + dir + "/t" : "umount " + dir + "/t";
                    must(Shell.bash(change));
                    mounted += awaitMount(dir + "/t");
                }
            }
            must(Shell.bash("mount -t tmpfs barrier " + dir + "/b"));
            int losses = 0;
            Map<String, Integer> kinds = new java.util.TreeMap<>();
            out.put("kinds", kinds);
            // Whole batches: a full re-read reports the barrier with the rest, shallowest mount first.
            for (boolean barrier = false; !barrier; ) {
                List<Event> batch = batches.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (batch == null) {
                    throw new IllegalStateException("no barrier event within " + WAIT_MILLIS + " ms");
                }
                for (Event e : batch) {
                    if (e instanceof MountEvent m && m.mountPoint().equals(dir + "/b")) {
                        barrier = true;
                        continue;
                    }
                    kinds.merge(e.getClass().getSimpleName() + (e instanceof MountEvent m ? " " + m.change() : ""), 1, Integer::sum);
                    losses += e instanceof LossEvent ? 1 : 0;
                    mounted += e instanceof MountEvent ? 1 : 0;
                }
            }
            out.put("listmount", tables.listmount.get());
            out.put("statmount", tables.statmount.get());
            out.put("fanotifyReads", fanotifyReads.get());
            out.put("fanotifyEmptyReads", fanotifyEmpty.get());
            out.put("events", mounted);
            out.put("losses", losses);
            out.put("verificationDueMs", onBackend(poller, () -> source.verificationDue()
                    .map(due -> Duration.between(started, due).toMillis()).orElse(-1L)));
            out.put("tableAfter", onBackend(poller, () -> source.table().size()));
            out.put("listedAfter", tables.real.listAll().length);
        }
        System.out.println(new ObjectMapper().writeValueAsString(out));
        System.out.flush();
    }

    /** Waits for the event of the change at {@code mountPoint} (nothing else may change meanwhile); 1: it is counted. */
    private int awaitMount(String mountPoint) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (true) {
            List<Event> batch = batches.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (batch == null) {
                throw new IllegalStateException("no event for " + mountPoint + " within " + WAIT_MILLIS + " ms");
            }
            List<MountEvent> mounts = batch.stream().filter(MountEvent.class::isInstance).map(MountEvent.class::cast).toList();
            if (mounts.isEmpty()) {
                continue;
            }
            if (mounts.size() == 1 && mounts.getFirst().mountPoint().equals(mountPoint)) {
                return 1;
            }
            throw new IllegalStateException("unexpected events: " + batch);
        }
    }

    private static <T> T onBackend(EventLoop poller, java.util.function.Supplier<T> what) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        poller.execute(() -> f.complete(what.get()));
        return f.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void must(Shell.Result r) {
        if (r.exit() != 0) {
            throw new IllegalStateException("command failed (exit " + r.exit() + "): " + r.stderr());
        }
    }
}
