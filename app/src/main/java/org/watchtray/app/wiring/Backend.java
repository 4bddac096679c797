package org.watchtray.app.wiring;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.pipeline.TimelineFilter;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.Reconfigurable;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.source.Poller;

/**
 * The running backend: the poller thread with its sources, feeding the hub. Built by
 * {@link Wiring}; the desktop app and {@code watchtray monitor} both use it.
 */
public final class Backend implements AutoCloseable {
    private final EventHub hub;
    private final Poller poller;
    private final List<Source> sources;

    public Backend(EventHub hub, Poller poller, List<Source> sources) {
        this.hub = hub;
        this.poller = poller;
        this.sources = List.copyOf(sources);
    }

    /** Adds every source to the poller and starts its thread. */
    public void start() {
        sources.forEach(poller::add);
        poller.start();
    }

    public EventHub hub() {
        return hub;
    }

    /**
     * Publishes {@code event} from the backend thread at its next turn: for reports of
     * subscribers and worker threads (journal, hooks), which must not re-enter the hub from
     * inside its delivery. Safe from any thread.
     */
    public void publishLater(Event event) {
        poller.execute(() -> hub.publish(event));
    }

    /** Each source's mechanism and, for a fallback, why. */
    public List<SourceStatus> statuses() {
        return poller.statuses();
    }

    /**
     * Waits until every source added before this call has been started on the backend thread
     * (sources start in order, so a task queued after them is a barrier), then returns their
     * statuses.
     */
    public List<SourceStatus> awaitStarted(Duration timeout) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        poller.execute(started::countDown);
        started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return statuses();
    }

    /** Has the sources of {@code id} read their state again now, on the backend thread (after a renewal from a toast). */
    public void resync(SourceId id) {
        poller.execute(() -> sources.stream().filter(s -> s.id() == id).forEach(Source::resync));
    }

    /** Applies changed settings live: the hub's filter now, each source on the backend thread. */
    public void apply(Settings settings) {
        hub.setFilter(TimelineFilter.from(settings));
        poller.execute(() -> {
            for (Source s : sources) {
                if (s instanceof Reconfigurable r) {
                    r.reconfigure(settings);
                }
            }
        });
    }

    @Override
    public void close() {
        poller.close();
    }
}
