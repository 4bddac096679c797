package org.watchtray.core.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.watchtray.core.event.Event;

/**
 * Fans events out to subscribers after the user's filter. Subscribers are isolated: one that
 * throws is reported and skipped, never stopping the others. The hub keeps only a bounded
 * window of recent events (for late subscribers such as a tray menu), so memory is bounded
 * however long it runs.
 */
public final class EventHub implements EventSink {
    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Event> recent = new ArrayDeque<>();
    private final int recentCapacity;
    private final Consumer<String> problems;
    private volatile EventFilter filter;
    private long published;
    private long filtered;

    /**
     * @param filter         the user's rules; events it rejects reach nobody
     * @param recentCapacity how many recent events to keep for late subscribers
     * @param problems       where subscriber failures are reported (a log line, never a dialog)
     */
    public EventHub(EventFilter filter, int recentCapacity, Consumer<String> problems) {
        this.filter = Objects.requireNonNull(filter);
        if (recentCapacity < 0) {
            throw new IllegalArgumentException("recentCapacity < 0");
        }
        this.recentCapacity = recentCapacity;
        this.problems = Objects.requireNonNull(problems);
    }

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
        List<Event> kept = new ArrayList<>(batch.size());
        EventFilter f = filter;
        for (Event e : batch) {
            if (f.accepts(e)) {
                kept.add(e);
            }
        }
        List<Event> view = List.copyOf(kept);
        synchronized (recent) {
            published += view.size();
            filtered += batch.size() - view.size();
            for (Event e : view) {
                if (recentCapacity == 0) {
                    break;
                }
                if (recent.size() == recentCapacity) {
                    recent.removeFirst();
                }
                recent.addLast(e);
            }
        }
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
                problems.accept("subscriber '" + s.name + "' failed on " + view.size() + " event(s): " + e);
            }
        }
    }

    /** The most recent events that passed the filter, oldest first. */
    public List<Event> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    public long publishedCount() {
        synchronized (recent) {
            return published;
        }
    }

    public long filteredCount() {
        synchronized (recent) {
            return filtered;
        }
    }

    private record Subscription(String name, EventSink sink) {
    }
}
