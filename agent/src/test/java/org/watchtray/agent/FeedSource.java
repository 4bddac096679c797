package org.watchtray.agent;

import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.source.CurrentState;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.source.Poller;

/**
 * A source for protocol tests: emits whatever events the test hands it, on the backend thread,
 * and reports a fixed current state. The protocol, not the kernel, is what those tests examine.
 */
final class FeedSource implements Source, CurrentState {
    private final SourceId id;
    private final List<Event> state;
    private SourceContext ctx;

    FeedSource(SourceId id, List<Event> state) {
        this.id = id;
        this.state = List.copyOf(state);
    }

    @Override
    public SourceId id() {
        return id;
    }

    @Override
    public SourceStatus start(SourceContext context) {
        this.ctx = context;
        return SourceStatus.active(id, "test feed");
    }

    public SourceStatus status() {
        return SourceStatus.active(id, "test feed");
    }

    @Override
    public List<Event> currentState() {
        return new ArrayList<>(state);
    }

    /** Emits {@code events} in one backend wakeup (one batch). */
    void feed(Poller poller, List<Event> events) {
        poller.execute(() -> events.forEach(ctx::emit));
    }

    @Override
    public void close() {
    }
}
