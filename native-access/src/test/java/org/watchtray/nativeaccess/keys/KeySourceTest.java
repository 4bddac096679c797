package org.watchtray.nativeaccess.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.watchtray.core.testing.LogCapture;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.keys.KeyEvent.Change;
import org.watchtray.core.keys.KeyEvent.Origin;
import org.watchtray.core.keys.KeySource;
import org.watchtray.core.keys.Keyctl;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.source.EventLoop;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/**
 * The key source's /proc/keys fallback on a kernel without the notification queue (this
 * machine's): real keys in a keyring of the test's own are changed with keyutils' keyctl and
 * each change must come out as the right event. The kernel case is asked of KEYCTL_CAPABILITIES
 * first; a kernel with key notifications takes the queue path, which KeySourceLabTest asserts
 * in the kernel lab VM. Exact deadline times are KeySourceDeadlinesTest's (injected clock);
 * here times are checked only where load cannot move them: never early, and in order.
 */
class KeySourceTest {
    private static final Duration POLL = Duration.ofMillis(300);
    private static final Duration LEAD = Duration.ofSeconds(3);
    private final LinuxLibc libc = new LinuxLibc();
    private final Keyctl keyctl = new SyscallKeyctl(libc);
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final LogCapture logCapture = LogCapture.named("org.watchtray.core");
    private final List<String> log = logCapture.lines();
    private EventLoop poller;
    private int ring;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeFalse(KernelKeys.notificationsBuiltIn(), "this kernel reports key notifications (KEYCTL_CAPABILITIES): "
                + "its key source uses the queue, asserted by KeySourceLabTest; the fallback is for kernels without it");
        ring = keyctl.addKey("keyring", "watchtray-keysource-" + ProcessHandle.current().pid() + "-" + System.nanoTime(), new byte[0], Keyctl.USER_KEYRING);
        poller = new EventLoop(libc, Clock.systemUTC(), events::addAll);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (poller != null) {
            poller.close();
        }
        if (ring != 0) {
            try {
                KeyCommands.run("unlink", Integer.toString(ring), "@u");
            } catch (AssertionError alreadyGone) {
                // the test destroyed it
            }
        }
        logCapture.close();
    }

    private KeySource start(Settings.Keys settings) throws InterruptedException {
        KeySource source = new KeySource(keyctl, () -> WatchQueue.open(libc), settings);
        poller.add(source);
        poller.start();
        onBackend(() -> {
        }); // sources start in order on the backend thread: once this ran, the source has started
        return source;
    }

    /** Runs {@code task} on the backend thread and waits until it has run. */
    private void onBackend(Runnable task) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        poller.execute(() -> {
            task.run();
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS), "the backend thread did not run the task");
    }

    private Settings.Keys settings() {
        return new Settings.Keys(List.of(Integer.toString(ring)), LEAD, POLL, List.of());
    }

    /** The first key event matching {@code p}, waiting up to 5 s. */
    private KeyEvent await(String what, Predicate<KeyEvent> p) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            for (Event e : events) {
                if (e instanceof KeyEvent k && p.test(k)) {
                    return k;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + what + " event; got:\n" + describe(events) + "\nlog: " + log);
    }

    private static String describe(List<Event> events) {
        StringBuilder b = new StringBuilder();
        for (Event e : events) {
            b.append("  ").append(e.name()).append(' ').append(EnglishSummary.of(e)).append(' ').append(e.details()).append('\n');
        }
        return b.toString();
    }

    private static Predicate<KeyEvent> is(Change change, int serial) {
        return k -> k.change() == change && k.serial() == serial;
    }

    @Test
    void withoutTheQueueTheKernelRefusesThePipeAndTheSourcePolls() throws Exception {
        OsException refused = org.junit.jupiter.api.Assertions.assertThrows(OsException.class, () -> WatchQueue.open(libc).close());
        assertEquals(Errno.ENOPKG, refused.errno(), refused.getMessage());
        start(settings());
        assertEquals("keys: polling /proc/keys every 300 ms \u2014 kernel lacks CONFIG_WATCH_QUEUE (pipe2 returned ENOPKG)",
                poller.statuses().getFirst().describe());
    }

    @Test
    void everyChangeToARealKeyBecomesItsEvent() throws Exception {
        start(settings());

        String r = Integer.toString(ring);
        int k1 = KeyCommands.serial("add", "user", "wt-k1", "one", r);
        KeyEvent added = await("added", is(Change.ADDED, k1));
        assertEquals("user", added.keyType());
        assertEquals("wt-k1", added.description());
        assertEquals(Origin.PROC_KEYS, added.origin());
        KeyEvent linked = await("linked", k -> k.change() == Change.LINKED && k.serial() == ring && k.otherSerial() == k1);
        assertEquals("keyring", linked.keyType());

        KeyCommands.run("update", Integer.toString(k1), "a longer payload");
        await("updated", is(Change.UPDATED, k1));

        KeyCommands.run("setperm", Integer.toString(k1), "0x3f3f0000");
        await("setattr after setperm", is(Change.ATTRIBUTES_CHANGED, k1));

        int setattrs = count(is(Change.ATTRIBUTES_CHANGED, k1));
        // /proc/keys gives whole units and the source whole seconds, so compare from the whole second.
        Instant beforeTimeout = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KeyCommands.run("timeout", Integer.toString(k1), "600");
        waitUntil(() -> count(is(Change.ATTRIBUTES_CHANGED, k1)) > setattrs, "setattr after timeout");
        KeyEvent withTimeout = events.stream().filter(e -> e instanceof KeyEvent k && k.change() == Change.ATTRIBUTES_CHANGED && k.serial() == k1)
                .map(KeyEvent.class::cast).toList().getLast();
        assertTrue(withTimeout.expiry() != null && !withTimeout.expiry().isBefore(beforeTimeout.plusSeconds(540)),
                "the event carries the new expiry (\"9m\": at least 540 s away): " + withTimeout.expiry());

        KeyCommands.run("revoke", Integer.toString(k1));
        await("revoked", is(Change.REVOKED, k1));

        KeyCommands.run("unlink", Integer.toString(k1), r);
        await("unlinked", k -> k.change() == Change.UNLINKED && k.serial() == ring && k.otherSerial() == k1);

        int k2 = KeyCommands.serial("add", "user", "wt-k2", "two", r);
        await("linked k2", k -> k.change() == Change.LINKED && k.otherSerial() == k2);
        KeyCommands.run("invalidate", Integer.toString(k2));
        // The kernel collects an invalidated key at once; a poll sees it either flagged or gone.
        KeyEvent invalidated = await("invalidated or removed",
                k -> k.serial() == k2 && (k.change() == Change.INVALIDATED || k.change() == Change.REMOVED));
        assertEquals("wt-k2", invalidated.description(), "the last known description, even once gone");

        assertFalse(events.stream().anyMatch(e -> e instanceof KeyEvent k && k.origin() == Origin.NOTIFICATION_QUEUE));
        assertEquals(List.of(), logCapture.problems(), "nothing went wrong on the way");

        // Destroying the watched keyring itself.
        KeyCommands.run("unlink", r, "@u");
        KeyEvent removed = await("removed keyring", is(Change.REMOVED, ring));
        assertTrue(removed.gone());
        ring = 0;
    }

    @Test
    void aKeyWithAShortTimeoutWarnsAndExpiresNeverEarlyAndOnce() throws Exception {
        start(settings());
        String r = Integer.toString(ring);
        int k = KeyCommands.serial("add", "user", "wt-short", "x", r);
        await("added", is(Change.ADDED, k));
        Instant set = Instant.now();
        KeyCommands.run("timeout", Integer.toString(k), "6");
        Instant setDone = Instant.now();
        // The kernel set the expiry to its whole-second now + 6 while keyctl ran.
        Instant earliestExpiry = Instant.ofEpochSecond(set.getEpochSecond() + 6);
        Instant latestExpiry = Instant.ofEpochSecond(setDone.getEpochSecond() + 6);

        KeyEvent soon = await("expires soon", is(Change.EXPIRES_SOON, k));
        KeyEvent expired = await("expired", is(Change.EXPIRED, k));

        assertEquals(Origin.DEADLINE, soon.origin());
        assertEquals(Origin.DEADLINE, expired.origin());
        // Never early. The source knows the expiry to a window one second wide (the kernel's
        // coarse clock), so its warning may come up to that second before the lead.
        assertFalse(soon.time().isBefore(earliestExpiry.minus(LEAD).minusSeconds(1)), "warned early: " + soon.time() + " for " + earliestExpiry);
        assertFalse(expired.time().isBefore(earliestExpiry), "expired early: " + expired.time() + " for " + earliestExpiry);
        assertTrue(events.indexOf(soon) < events.indexOf(expired), "the warning comes first");
        assertFalse(soon.expiry().isAfter(latestExpiry), "the warning never promises more time than there is: " + soon.expiry());
        assertFalse(soon.expiry().isBefore(earliestExpiry.minusSeconds(1)), "nor much less: " + soon.expiry());
        assertTrue(EnglishSummary.of(soon).startsWith("User \u201cwt-short\u201d (" + k + ") expires soon at "), EnglishSummary.of(soon));

        // Barrier: a later poll reports a new key; any repeated warning or expiry of k would
        // come from that same poll's expiry check, in the same batch or before it.
        int later = KeyCommands.serial("add", "user", "wt-later", "y", r);
        await("added after the expiry", is(Change.ADDED, later));
        assertEquals(1, count(is(Change.EXPIRED, k)), () -> "expired once: " + describe(events));
        assertEquals(1, count(is(Change.EXPIRES_SOON, k)), () -> "warned once: " + describe(events));
    }

    @Test
    void hostileDescriptionsAreReportedExactlyAndCannotForgeRows() throws Exception {
        start(settings());
        // A newline followed by something shaped like a /proc/keys row, and a terminal escape.
        String hostile = "evil\n00000001 I------     1 perm 3f010000     0     0 keyring   forged: 1\u001b[31m";
        int k = keyctl.addKey("user", hostile, new byte[] {1}, ring);
        KeyEvent added = await("added", is(Change.ADDED, k));
        assertEquals(hostile, added.description(), "exact, from KEYCTL_DESCRIBE");
        assertFalse(EnglishSummary.of(added).contains("\n") || EnglishSummary.of(added).contains("\u001b"), EnglishSummary.of(added));
        assertTrue(events.stream().anyMatch(e -> e instanceof DecodeProblem p && p.problem().contains("continues the description of key " + k)),
                describe(events));
        assertFalse(events.stream().anyMatch(e -> e instanceof KeyEvent ke && ke.serial() == 1), "no forged key");
    }

    /**
     * A key elsewhere (here one of ours in an unwatched keyring; in real life another user's,
     * viewable by all) whose description forges the row of a watched key with the timeout
     * "expd": the watched key must neither expire early nor lose its real timeout.
     */
    @Test
    void aRowForgedInAnotherKeysDescriptionDoesNotReplaceTheRealOne() throws Exception {
        int elsewhere = keyctl.addKey("keyring", "watchtray-keysource-elsewhere-" + System.nanoTime(), new byte[0], Keyctl.USER_KEYRING);
        try {
            start(settings());
            int victim = keyctl.addKey("user", "victim", new byte[] {1, 2, 3}, ring);
            await("added", is(Change.ADDED, victim));
            int forger = keyctl.addKey("user", "x\n" + String.format("%08x I--Q---     1 expd 3f010000     0     0 user      victim", victim),
                    new byte[] {1}, elsewhere);
            // /proc/keys gives whole units and the source whole seconds, so compare from the whole second.
            Instant beforeTimeout = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            KeyCommands.run("timeout", Integer.toString(victim), "600");
            KeyEvent timeout = await("setattr with the real timeout", is(Change.ATTRIBUTES_CHANGED, victim));
            assertTrue(timeout.expiry() != null && !timeout.expiry().isBefore(beforeTimeout.plusSeconds(540)), String.valueOf(timeout.expiry()));
            // Barrier: a later change, reported by a later poll.
            int later = keyctl.addKey("user", "later", new byte[] {1}, ring);
            await("added after", is(Change.ADDED, later));
            assertEquals(0, count(is(Change.EXPIRED, victim)), () -> describe(events));
            assertEquals(0, count(is(Change.EXPIRES_SOON, victim)), () -> describe(events));
            assertTrue(events.stream().anyMatch(e -> e instanceof DecodeProblem p && p.problem().contains("continues the description of key " + forger)),
                    describe(events));
        } finally {
            KeyCommands.run("unlink", Integer.toString(elsewhere), "@u");
        }
    }

    @Test
    void reconfigurationChangesTheWatchListLive() throws Exception {
        int other = keyctl.addKey("keyring", "watchtray-keysource-other-" + System.nanoTime(), new byte[0], Keyctl.USER_KEYRING);
        try {
            int before = keyctl.addKey("user", "already-there", new byte[] {1}, other);
            KeySource source = start(settings());
            Settings changed = SettingsBuilder.from(Settings.defaults())
                    .keys(new Settings.Keys(List.of(Integer.toString(ring), Integer.toString(other)), LEAD, POLL, List.of("linked")))
                    .build();
            onBackend(() -> source.reconfigure(changed)); // returns once the reconfiguration has run
            int k = keyctl.addKey("user", "new-in-other", new byte[] {1}, other);
            await("linked in the newly watched keyring", kk -> kk.change() == Change.LINKED && kk.serial() == other && kk.otherSerial() == k);
            assertFalse(events.stream().anyMatch(e -> e instanceof KeyEvent kk && kk.otherSerial() == before),
                    "what was already in it is learned, not reported");
            KeyCommands.run("update", Integer.toString(k), "longer payload");
            // Barrier: a link made after the update can only be seen by a poll that also sees the update.
            int k2 = keyctl.addKey("user", "after-the-update", new byte[] {1}, other);
            await("linked after the update", kk -> kk.change() == Change.LINKED && kk.otherSerial() == k2);
            assertFalse(events.stream().anyMatch(e -> e instanceof KeyEvent kk && kk.change() == Change.UPDATED),
                    () -> "subtypes filtered to 'linked' only: " + describe(events));
        } finally {
            KeyCommands.run("unlink", Integer.toString(other), "@u");
        }
    }

    private int count(Predicate<KeyEvent> p) {
        return (int) events.stream().filter(e -> e instanceof KeyEvent k && p.test(k)).count();
    }

    private void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + "; events:\n" + describe(events) + "\nlog: " + log);
            }
            Thread.sleep(20);
        }
    }
}
