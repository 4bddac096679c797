package org.watchtray.app.desktop;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.watchtray.app.settings.SettingsProblem;
import org.watchtray.app.settings.SettingsStore;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.XdgPaths;

/**
 * The user's settings, read on a thread of their own from the very start of the app, while it
 * connects to the session bus and claims its name: the tray's first icon is then drawn in the
 * user's icon style (no flash of the built-in style, no icon drawn twice) without the start
 * waiting for the file. What the reading finds wrong (a broken file) is held until the timeline
 * and the toasts listen ({@link #releaseProblemsTo}), then goes to them like any later problem.
 */
final class EarlySettings {
    private final SettingsStore store;
    private final HeldProblems problems;
    private final Thread reader;
    private volatile Settings settings;

    private EarlySettings(XdgPaths paths, Clock clock) {
        this.problems = new HeldProblems();
        this.store = SettingsStore.forUser(paths, clock, problems);
        this.reader = Thread.ofVirtual().name("watchtray-settings-read").start(() -> settings = store.load());
    }

    /** Starts reading the settings now. */
    static EarlySettings read(XdgPaths paths, Clock clock) {
        return new EarlySettings(paths, clock);
    }

    /** The settings as read; waits for the reading (which never throws: a bad file gives the defaults below it). */
    Settings settings() throws InterruptedException {
        reader.join();
        return settings;
    }

    /** The store they were read from; its later problems (a failed save) go where the held ones went. */
    SettingsStore store() {
        return store;
    }

    /** Sends the problems found so far to {@code target}, and every later one straight there. */
    void releaseProblemsTo(Consumer<SettingsProblem> target) {
        problems.release(target);
    }

    /** Keeps problems until there is somewhere to show them. */
    private static final class HeldProblems implements Consumer<SettingsProblem> {
        private List<SettingsProblem> held = new ArrayList<>();
        private Consumer<SettingsProblem> target;

        @Override
        public void accept(SettingsProblem p) {
            Consumer<SettingsProblem> t;
            synchronized (this) {
                if (target == null) {
                    held.add(p);
                    return;
                }
                t = target;
            }
            t.accept(p);
        }

        void release(Consumer<SettingsProblem> to) {
            List<SettingsProblem> out;
            synchronized (this) {
                target = Objects.requireNonNull(to);
                out = held;
                held = List.of();
            }
            out.forEach(to);
        }
    }
}
