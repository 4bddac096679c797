package org.watchtray.app.settings;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.watchtray.core.settings.Settings;

/**
 * The live settings of the running app: every change is applied to the listeners (backend,
 * toast policy, tray), saved, and, for autostart, written to the autostart directory. Safe to
 * call from any thread; listeners run on the caller's thread, in the order they were added.
 */
public final class SettingsService implements LiveSettings {
    private final SettingsStore store;
    private final Autostart autostart;
    private final Consumer<SettingsProblem> problems;
    private final CopyOnWriteArrayList<Consumer<Settings>> listeners = new CopyOnWriteArrayList<>();
    private Settings current;
    private boolean saved = true;

    public SettingsService(SettingsStore store, Settings initial, Autostart autostart, Consumer<SettingsProblem> problems) {
        this.store = Objects.requireNonNull(store);
        this.current = Objects.requireNonNull(initial);
        this.autostart = Objects.requireNonNull(autostart);
        this.problems = Objects.requireNonNull(problems);
    }

    @Override
    public synchronized Settings current() {
        return current;
    }

    /** Whether the last change reached the file (false: it lives in memory only; the problem was reported). */
    @Override
    public synchronized boolean saved() {
        return saved;
    }

    /** Registers a listener for later changes; close the returned handle to stop. */
    @Override
    public AutoCloseable listen(Consumer<Settings> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Reads the user's file again after it changed on disk (an editor, another tool) and, when it
     * is valid or gone, applies what it says without writing it back. An invalid file changes
     * nothing yet: the caller decides later whether it stayed invalid.
     */
    synchronized SettingsStore.Reading reload() {
        SettingsStore.Reading r = store.read();
        if (!(r instanceof SettingsStore.Reading.Invalid) && !(r instanceof SettingsStore.Reading.Unreadable)) {
            apply(r.settings());
        }
        return r;
    }

    /** Keeps the file aside if it is still the invalid one seen (under the lock, so no save races it). */
    synchronized boolean keepAside(SettingsStore.Reading.Invalid seen) {
        return store.keepAside(seen);
    }

    private void apply(Settings after) {
        if (after.equals(current)) {
            return;
        }
        current = after;
        for (Consumer<Settings> l : listeners) {
            l.accept(after);
        }
    }

    /**
     * Applies {@code change} to the current settings; a change that changes nothing does nothing.
     * Listeners are called under the lock so every listener sees changes in order; they must
     * not block (hand work to their own thread).
     */
    @Override
    public synchronized Settings update(UnaryOperator<Settings> change) {
        Settings before = current;
        Settings after = change.apply(before);
        if (after.equals(before)) {
            return before;
        }
        current = after;
        saved = store.save(after);
        if (after.autostart() != before.autostart()) {
            try {
                autostart.set(after.autostart());
            } catch (IOException e) {
                problems.accept(new SettingsProblem(SettingsProblem.Kind.NOT_SAVED, autostart.entry(), AtomicFile.reason(e), null));
            }
        }
        for (Consumer<Settings> l : listeners) {
            l.accept(after);
        }
        return after;
    }
}
