package org.watchtray.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.event.Severity;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.XdgPaths;

/**
 * The running app and an editor: real files written the way editors write them (in place, in
 * several steps; or a temp file renamed over), real inotify events through the JDK's watch
 * service. Only time is in the test's hand: the quiet and settle periods are tasks the test
 * runs, so "the file stayed invalid" is decided by the test, never by how loaded the machine is.
 */
class SettingsFileWatchTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);
    private static final String VALID = "{\"version\": 1, \"min_toast_severity\": \"critical\", \"autostart\": false}\n";

    @TempDir
    Path home;
    final List<SettingsProblem> problems = new CopyOnWriteArrayList<>();
    final List<Settings> applied = new CopyOnWriteArrayList<>();
    final ManualDelays delays = new ManualDelays();
    SettingsFileWatch watch;
    Path file;

    private void start() throws IOException, InterruptedException {
        XdgPaths paths = new XdgPaths(new Environment(Map.of("XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_CONFIG_DIRS", home.resolve("etc").toString()), home));
        SettingsStore store = SettingsStore.forUser(paths, CLOCK, problems::add);
        file = store.file();
        SettingsService service = new SettingsService(store, store.load(), new Autostart(paths, "watchtray"), problems::add);
        service.listen(applied::add);
        watch = new SettingsFileWatch(service, file, delays, SettingsFileWatch.QUIET, SettingsFileWatch.SETTLE).start();
        delays.runUntil(() -> delays.idle(), "the start-up check");
    }

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.close();
        }
    }

    @Test
    void aFileSavedInPiecesIsAppliedWhenCompleteAndNeverMovedAside() throws Exception {
        start();
        byte[] all = VALID.getBytes(StandardCharsets.UTF_8);
        try (FileChannel editor = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            editor.write(ByteBuffer.wrap(all, 0, 20));
            editor.force(true);
            // The watch sees the half-written file and reads it: invalid, so it only waits.
            delays.runNext(Duration.ofSeconds(30));
            assertEquals(List.of(), applied);
            assertEquals(List.of(), problems, "a half-written file is not reported yet");
            editor.write(ByteBuffer.wrap(all, 20, all.length - 20));
        }
        delays.runUntil(() -> !applied.isEmpty(), "the completed file applied");
        assertEquals(Severity.CRITICAL, applied.getLast().minToastSeverity());
        assertEquals(List.of("settings.json"), names());
        assertEquals(List.of(), problems);
    }

    @Test
    void aSaveByRenameIsAppliedAsOneChange() throws Exception {
        start();
        Path temp = file.resolveSibling(".settings.json.swp");
        Files.writeString(temp, VALID);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        delays.runUntil(() -> !applied.isEmpty(), "the renamed file applied");
        assertEquals(Severity.CRITICAL, applied.getLast().minToastSeverity());
        assertEquals(List.of("settings.json"), names());
        assertEquals(List.of(), problems);
    }

    @Test
    void aFileThatStaysInvalidIsKeptAsideOnceAndDefaultsApply() throws Exception {
        Files.createDirectories(home.resolve("config/watchtray"));
        Files.writeString(home.resolve("config/watchtray/settings.json"), VALID);
        start();
        Files.writeString(file, "{\"version\": 1, \"min_toast_severity\": \"crit");
        delays.runUntil(() -> problems.stream().anyMatch(p -> p.kind() == SettingsProblem.Kind.CORRUPT), "kept aside");
        delays.runUntil(() -> !applied.isEmpty() && applied.getLast().equals(Settings.defaults()), "the defaults applied once the file is gone");

        assertEquals(List.of("settings.json.corrupt-20250304T050607Z"), names());
        assertEquals("{\"version\": 1, \"min_toast_severity\": \"crit",
                Files.readString(file.resolveSibling("settings.json.corrupt-20250304T050607Z")));
        SettingsProblem p = problems.getFirst();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("Your settings file " + file + " was not valid (not valid JSON: the file ends at line 1, column 43, before the"
                + " object that begins at line 1, column 1 is closed). It was kept as settings.json.corrupt-20250304T050607Z and"
                + " default settings are in use.", p.message());
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(file.getParent())) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** Delays that run only when the test says so, in the order they were asked for. */
    static final class ManualDelays implements SettingsFileWatch.Delays {
        private final LinkedBlockingQueue<FutureTask<?>> tasks = new LinkedBlockingQueue<>();

        @Override
        public Future<?> after(Duration delay, Runnable task) {
            FutureTask<?> f = new FutureTask<>(task, null);
            tasks.add(f);
            return f;
        }

        boolean idle() {
            return tasks.stream().allMatch(Future::isCancelled);
        }

        /** Waits for the next task that is still wanted and runs it. */
        void runNext(Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (true) {
                FutureTask<?> t = tasks.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertNotNull(t, "no delayed task within " + timeout);
                if (!t.isCancelled()) {
                    t.run();
                    return;
                }
            }
        }

        /** Runs delayed tasks as they come (each one is "its time has come") until {@code done}. */
        void runUntil(BooleanSupplier done, String what) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!done.getAsBoolean()) {
                assertTrue(System.nanoTime() < end, "not reached: " + what);
                FutureTask<?> t = tasks.poll(100, TimeUnit.MILLISECONDS);
                if (t != null && !t.isCancelled()) {
                    t.run();
                }
            }
        }
    }
}
