package org.watchtray.app.desktop;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.watchtray.core.event.Event;
import org.watchtray.core.pipeline.EventHub;

/**
 * How watchtray's own start-up notices (running as root, a settings file found broken while
 * loading) reach the hub: they are found before the subscribers that record and show events
 * (history, tray, toasts, windows) are in place, and the hub keeps no events, so they are held
 * here until {@link #release()} and pass straight through after it.
 */
final class StartupBacklog implements Consumer<Event> {
    private final EventHub hub;
    private final List<Event> held = new ArrayList<>();
    private boolean released;

    StartupBacklog(EventHub hub) {
        this.hub = Objects.requireNonNull(hub);
    }

    /** Synchronized with {@link #release()}, so nothing passes the held events while they are published. */
    @Override
    public synchronized void accept(Event event) {
        if (released) {
            hub.publish(event);
        } else {
            held.add(event);
        }
    }

    /** Publishes what was held, in order; from now on every event goes to the hub at once. */
    synchronized void release() {
        released = true;
        held.forEach(hub::publish);
        held.clear();
    }
}
