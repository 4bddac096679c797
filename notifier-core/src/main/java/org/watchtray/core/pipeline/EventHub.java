package org.watchtray.core.pipeline;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.watchtray.core.event.Event;

/**
 * Fans events out to subscribers after the user's filter. Subscribers are isolated: one that
 * throws is logged and skipped, never stopping the others. The hub itself keeps no events
 * (subscribers that need a window of recent ones, such as the tray menu, bound their own), so
 * its memory does not grow however long it runs.
 */
public final class EventHub implements EventSink {
    private static final System.Logger LOG = System.getLogger(EventHub.class.getName());
    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile EventFilter filter;

    /** @param filter the user's rules; events it rejects reach nobody */
    public EventHub(EventFilter filter) {
        this.filter = Objects.requireNonNull(filter);
    }

    /** Replaces the filter; the next batch is judged by it. Safe from any thread. */
    public void setFilter(EventFilter filter) {
        this.filter = Objects.requireNonNull(filter);
    }

    /** Registers a subscriber; close the returned subscription to leave. */
    public AutoCloseable subscribe(String name, EventSink sink) {
        Subscription s = new Subscription(name, sink);
        subscriptions.add(s);
        return () -> subscriptions.remove(s);
    }

    public void publish(Event event) {
        accept(List.of(event));
    }

    @Override
    public void accept(List<Event> batch) {
        List<Event> view = kept(batch, filter);
        if (view.isEmpty()) {
            return;
        }
        for (Subscription s : subscriptions) {
            try {
                s.sink.accept(view);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vme) {
                    throw vme;
                }
                // A log line, never a dialog: the other subscribers go on.
                LOG.log(Level.WARNING, "subscriber '" + s.name + "' failed on " + view.size() + " event(s): " + e);
            }
        }
    }

    /**
     * The events of {@code batch} the filter accepts, as an immutable list: the batch itself when
     * it is one and all pass (the usual case: no copy per wakeup), else a copy.
     */
    private static List<Event> kept(List<Event> batch, EventFilter f) {
        int first = 0;
        while (first < batch.size() && f.accepts(batch.get(first))) {
            first++;
        }
        if (first == batch.size()) {
            return List.copyOf(batch); // returns an immutable batch itself
        }
        List<Event> kept = new ArrayList<>(batch.subList(0, first));
        for (int i = first + 1; i < batch.size(); i++) {
            if (f.accepts(batch.get(i))) {
                kept.add(batch.get(i));
            }
        }
        return List.copyOf(kept);
    }

    private record Subscription(String name, EventSink sink) {
    }
}
