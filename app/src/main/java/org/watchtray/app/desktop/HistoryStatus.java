package org.watchtray.app.desktop;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.source.SourceStatus;

/**
 * The history's line in the Sources tab: it is listed like a source, and its status is whatever
 * it last reported (on opening, or later from its writer).
 */
final class HistoryStatus {
    private final AtomicReference<SourceStatus> last;

    HistoryStatus(String mechanism, List<Event> notices) {
        this.last = new AtomicReference<>(SourceStatus.active(SourceId.HISTORY, mechanism));
        note(notices);
    }

    /** A sink that notes the history's reports and passes every event on to {@code next}. */
    EventSink noting(EventSink next) {
        return batch -> {
            note(batch);
            next.accept(batch);
        };
    }

    SourceStatus current() {
        return last.get();
    }

    private void note(List<Event> events) {
        for (Event e : events) {
            if (e instanceof SourceStatusEvent s && s.status().source() == SourceId.HISTORY) {
                last.set(s.status());
            }
        }
    }
}
