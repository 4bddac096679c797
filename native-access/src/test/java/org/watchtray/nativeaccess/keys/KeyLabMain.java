package org.watchtray.nativeaccess.keys;

import org.watchtray.core.testing.LogCapture;
import org.watchtray.core.keys.Keyctl;
import org.watchtray.core.keys.KeySource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.keys.KeyEvent.Change;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.core.source.EventLoop;

/**
 * Runs inside the kernel lab VM (which has the notification queue) and prints what happened,
 * one line each, for KeySourceLabTest to assert on:
 * {@code E|part|name|serial|other|origin|type|description|gone|timeMillis|expiryMillis} for a key
 * event, {@code X|part|name|summary} for any other event, {@code M|label|value} for a marker,
 * {@code L|part|line} for a log line.
 */
public final class KeyLabMain {
    private static final Duration LEAD = Duration.ofSeconds(3);
    private static final int SHORT_TIMEOUT = 6;
    static final int LOSS_CHANGES = 40;
    private static volatile String part = "";
    private static final List<Event> events = new CopyOnWriteArrayList<>();
    private static final CountDownLatch FIRED = new CountDownLatch(1);
    private static final LinuxLibc LIBC = new LinuxLibc();
    private static final Keyctl KEYCTL = new SyscallKeyctl(LIBC);

    private KeyLabMain() {
    }

    /** Set by every "error" or "timeout" marker: the run then exits 1. */
    private static volatile boolean failed;
    /** When the loss part's changes were all made, the loss shown, and the resync complete (nanoTime; 0 = not yet). */
    private static volatile long lossMadeAt;
    private static volatile long lossShownAt;
    private static volatile long resyncDoneAt;
    private static int lossRing;
    /** Links into the loss part's ring seen so far (on the backend thread). */
    private static int lossLinks;

    public static void main(String[] args) throws Exception {
        try (LogCapture logs = LogCapture.named("org.watchtray.core", line -> print("L|" + part + "|" + line))) {
            queueScenario();
            loss("loss");
            loss("loss-warm"); // timed again once the paths are loaded and compiled, as in a long-running app
            clockChange();
            marker("done", "ok");
        } catch (Throwable t) {
            marker("error", t.toString().replace('\n', ' '));
        }
        System.out.flush();
        System.exit(failed ? 1 : 0);
    }

    private static synchronized void print(String line) {
        System.out.println(line);
    }

    private static void marker(String label, Object value) {
        if (label.equals("error") || label.equals("timeout")) {
            failed = true;
        }
        print("M|" + label + "|" + value);
    }

    private static void sink(List<Event> batch) {
        for (Event e : batch) {
            events.add(e);
            timeLossAndResync(e);
            if (e instanceof KeyEvent k) {
                print(String.join("|", "E", part, k.change().wireName(), Integer.toString(k.serial()), Integer.toString(k.otherSerial()),
                        k.origin().name(), k.keyType(), k.description(), Boolean.toString(k.gone()),
                        Long.toString(k.time().toEpochMilli()), k.expiry() == null ? "" : Long.toString(k.expiry().toEpochMilli())));
            } else {
                print("X|" + part + "|" + e.name() + "|" + EnglishSummary.of(e));
            }
        }
    }

    /** On the backend thread: when the loss part's loss arrived and when its last link (from the queue or the resync) did. */
    private static void timeLossAndResync(Event e) {
        if (!part.startsWith("loss") || lossMadeAt == 0) {
            return;
        }
        if (e instanceof LossEvent l && l.affected() == SourceId.KEYS && lossShownAt == 0) {
            lossShownAt = System.nanoTime();
        }
        if (e instanceof KeyEvent k && k.change() == Change.LINKED && k.serial() == lossRing && ++lossLinks == LOSS_CHANGES) {
            resyncDoneAt = System.nanoTime();
        }
    }

    private static EventLoop poller() throws Exception {
        return new EventLoop(LIBC, Clock.systemUTC(), KeyLabMain::sink);
    }

    private static void awaitKey(String what, Predicate<KeyEvent> p, int seconds) throws InterruptedException {
        await(what, e -> e instanceof KeyEvent k && p.test(k), seconds);
    }

    private static void await(String what, Predicate<Event> p, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (events.stream().anyMatch(p)) {
                return;
            }
            Thread.sleep(20);
        }
        marker("timeout", what);
    }

    private static void awaitActive(EventLoop poller) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (poller.statuses().getFirst().state() == SourceStatus.State.UNAVAILABLE && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        marker("status-" + part, poller.statuses().getFirst().describe());
    }

    /** A running poller with a key source watching {@code ring} (besides the default keyrings) on a queue of {@code notes}. */
    private static EventLoop startKeySource(int ring, int notes) throws Exception {
        EventLoop poller = poller();
        poller.add(new KeySource(KEYCTL, () -> WatchQueue.open(LIBC), new Settings.Keys(List.of(s(ring)), LEAD, Duration.ofSeconds(60), List.of()),
                () -> java.nio.file.Files.readString(java.nio.file.Path.of("/proc/keys")), notes));
        poller.start();
        awaitActive(poller);
        return poller;
    }

    private static String s(int serial) {
        return Integer.toString(serial);
    }

    /** The issue's scenario through the queue, with a short-timeout key expiring meanwhile. */
    private static void queueScenario() throws Exception {
        part = "queue";
        int ring = KEYCTL.addKey("keyring", "lab-ring", new byte[0], Keyctl.USER_KEYRING);
        marker("ring", ring);
        try (EventLoop poller = startKeySource(ring, KeySource.DEFAULT_QUEUE_NOTES)) {

            int k3 = KeyCommands.serial("add", "user", "short", "x", s(ring));
            marker("k3", k3);
            marker("k3-timeout-set", System.currentTimeMillis());
            KeyCommands.run("timeout", s(k3), Integer.toString(SHORT_TIMEOUT));
            marker("k3-timeout-done", System.currentTimeMillis());

            int k1 = KeyCommands.serial("add", "user", "k1", "one", s(ring));
            marker("k1", k1);
            awaitKey("linked k1", k -> k.change() == Change.LINKED && k.otherSerial() == k1, 10);
            KeyCommands.run("update", s(k1), "a longer payload");
            awaitKey("updated", k -> k.change() == Change.UPDATED && k.serial() == k1, 10);
            KeyCommands.run("setperm", s(k1), "0x3f3f0000");
            awaitKey("setattr", k -> k.change() == Change.ATTRIBUTES_CHANGED && k.serial() == k1, 10);
            KeyCommands.run("timeout", s(k1), "600");
            await("second setattr", e -> events.stream().filter(x -> x instanceof KeyEvent k
                    && k.change() == Change.ATTRIBUTES_CHANGED && k.serial() == k1).count() >= 2, 10);
            KeyCommands.run("revoke", s(k1));
            awaitKey("revoked", k -> k.change() == Change.REVOKED && k.serial() == k1, 10);
            KeyCommands.run("unlink", s(k1), s(ring));
            awaitKey("unlinked", k -> k.change() == Change.UNLINKED && k.otherSerial() == k1, 10);

            int k2 = KeyCommands.serial("add", "user", "k2", "two", s(ring));
            marker("k2", k2);
            awaitKey("linked k2", k -> k.change() == Change.LINKED && k.otherSerial() == k2, 10);
            KeyCommands.run("invalidate", s(k2));
            awaitKey("invalidated", k -> k.change() == Change.INVALIDATED && k.serial() == k2, 10);

            awaitKey("expired", k -> k.change() == Change.EXPIRED && k.serial() == k3, 20);

            KeyCommands.run("clear", s(ring));
            awaitKey("cleared", k -> k.change() == Change.CLEARED && k.serial() == ring, 10);
            // Destroying the watched keyring: the kernel posts a removal record with its serial.
            KeyCommands.run("unlink", s(ring), "@u");
            awaitKey("removed", k -> k.change() == Change.REMOVED && k.serial() == ring, 15);
        }
    }

    /**
     * The smallest queue, many changes while the backend is busy, then a read: loss and a
     * resync. The kernel rounds a queue's size up to whole pages of 32 notes, so a queue "of
     * two" holds 32 records; more changes than that are needed.
     */
    private static void loss(String name) throws Exception {
        part = name;
        lossMadeAt = 0;
        lossShownAt = 0;
        resyncDoneAt = 0;
        lossLinks = 0;
        int ring = KEYCTL.addKey("keyring", "lab-" + name, new byte[0], Keyctl.USER_KEYRING);
        marker(name + "-ring", ring);
        lossRing = ring;
        try (EventLoop poller = startKeySource(ring, 2)) {
            CountDownLatch made = new CountDownLatch(1);
            poller.execute(() -> {
                // On the backend thread, so nothing is read until all are made.
                try {
                    for (int i = 0; i < LOSS_CHANGES; i++) {
                        KEYCTL.addKey("user", "loss" + i, new byte[] {(byte) i}, ring);
                    }
                } catch (Exception e) {
                    marker("error", e);
                }
                lossMadeAt = System.nanoTime(); // the backend reads the overrun queue right after this task
                made.countDown();
            });
            made.await(20, TimeUnit.SECONDS);
            await("loss", e -> e instanceof LossEvent l && l.affected() == SourceId.KEYS, 10);
            await("resync links", e -> events.stream().filter(x -> x instanceof KeyEvent k && k.change() == Change.LINKED
                    && k.serial() == ring).count() >= LOSS_CHANGES, 10);
            if (lossShownAt != 0 && resyncDoneAt != 0) {
                marker(name + "-shown-us", (lossShownAt - lossMadeAt) / 1_000);
                marker(name + "-resync-us", (resyncDoneAt - lossMadeAt) / 1_000);
            }
        } finally {
            KeyCommands.run("unlink", s(ring), "@u");
        }
    }

    /** A deadline an hour ahead fires at once when the wall clock jumps two hours forward. */
    private static void clockChange() throws Exception {
        part = "clock";
        CountDownLatch armed = new CountDownLatch(1);
        try (EventLoop poller = poller()) {
            poller.add(new Source() {
                @Override
                public SourceId id() {
                    return SourceId.META;
                }

                @Override
                public SourceStatus start(SourceContext context) {
                    Instant at = context.clock().instant().plus(Duration.ofHours(1));
                    marker("deadline", at.toEpochMilli());
                    context.schedule(at, () -> {
                        marker("fired", System.currentTimeMillis());
                        FIRED.countDown();
                    });
                    armed.countDown();
                    return SourceStatus.active(SourceId.META, "clock test");
                }
                @Override
                public void close() {
                }
            });
            poller.start();
            armed.await(20, TimeUnit.SECONDS);
            Thread.sleep(300);
            long jumpTo = System.currentTimeMillis() / 1000 + 2 * 3600;
            marker("jump", System.currentTimeMillis());
            Process date = new ProcessBuilder("date", "-s", "@" + jumpTo).redirectErrorStream(true).start();
            date.getInputStream().readAllBytes();
            date.waitFor(10, TimeUnit.SECONDS);
            marker("jumped", System.currentTimeMillis());
            if (!FIRED.await(20, TimeUnit.SECONDS)) {
                marker("timeout", "fired");
            }
        }
    }
}
