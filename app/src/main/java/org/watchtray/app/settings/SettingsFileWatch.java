package org.watchtray.app.settings;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Future;

/**
 * Follows the user's settings file while the app runs, so a change made in an editor applies
 * without a restart, and decides about an invalid file only once it has stayed invalid.
 *
 * <p>An editor saving in place writes a file in several steps (truncate, write, write …), and
 * each step is a change event. Acting on the first one would find a half-written file and move
 * the user's work aside. So: every event restarts a short quiet period; then the file is read.
 * Valid (or gone): it is applied. Invalid: nothing happens yet; it is read again after the
 * settle period, and only when it is still invalid and exactly the same file (inode, size,
 * time, bytes) is it kept aside ({@link SettingsStore#keepAside}). A save by rename (write a
 * temp file, rename it over) is one event and is applied after the quiet period.
 *
 * <p>The directory is watched, not the file, so a rename over the file is seen. Events come
 * from the JDK's inotify-backed watch service, which wakes only when something happens.
 */
public final class SettingsFileWatch implements AutoCloseable {
    /** Runs a task after a delay; the returned future cancels it. */
    @FunctionalInterface
    public interface Delays {
        Future<?> after(Duration delay, Runnable task);
    }

    public static final Duration QUIET = Duration.ofMillis(300);
    public static final Duration SETTLE = Duration.ofSeconds(2);

    private final SettingsService service;
    private final Delays delays;
    private final Duration quiet;
    private final Duration settle;
    private final Path file;
    private Future<?> pending;
    private SettingsStore.Reading.Invalid invalidSeen;
    private WatchService watcher;
    private Thread thread;

    public SettingsFileWatch(SettingsService service, Path file, Delays delays, Duration quiet, Duration settle) {
        this.service = Objects.requireNonNull(service);
        this.file = file.toAbsolutePath();
        this.delays = Objects.requireNonNull(delays);
        this.quiet = quiet;
        this.settle = settle;
    }

    /**
     * Starts watching, and checks the file once as if it had just changed: one that was invalid
     * at start-up is decided about like any other, and a change made while the app started is
     * not missed.
     */
    public synchronized SettingsFileWatch start() throws IOException {
        Path dir = file.getParent();
        AtomicFile.createPrivateDirectories(dir);
        watcher = FileSystems.getDefault().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        WatchService w = watcher;
        thread = Thread.ofPlatform().daemon().name("watchtray-settings-watch").start(() -> follow(w));
        changed();
        return this;
    }

    private void follow(WatchService w) {
        try {
            while (true) {
                WatchKey key = w.take();
                boolean ours = false;
                for (WatchEvent<?> e : key.pollEvents()) {
                    // OVERFLOW names no file: something may have happened to ours.
                    ours |= e.kind() == StandardWatchEventKinds.OVERFLOW || file.getFileName().equals(e.context());
                }
                key.reset();
                if (ours) {
                    changed();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: stop following
        }
    }

    /** The file changed (or may have): restart the quiet period. */
    synchronized void changed() {
        invalidSeen = null;
        reschedule(quiet);
    }

    private void reschedule(Duration delay) {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = delays.after(delay, this::check);
    }

    /** Reads the file after a quiet period (or a settle period for an invalid one) and acts. */
    synchronized void check() {
        pending = null;
        SettingsStore.Reading r = service.reload();
        if (!(r instanceof SettingsStore.Reading.Invalid invalid)) {
            invalidSeen = null;
            return;
        }
        if (invalidSeen != null && invalidSeen.seen().sameAs(invalid.seen())) {
            invalidSeen = null;
            service.keepAside(invalid);
            return;
        }
        invalidSeen = invalid;
        reschedule(settle);
    }

    @Override
    public synchronized void close() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                // The watch thread ends either way.
            }
            watcher = null;
        }
    }
}
