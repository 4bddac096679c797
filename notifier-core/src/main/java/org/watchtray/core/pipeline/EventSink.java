package org.watchtray.core.pipeline;

import java.util.List;
import org.watchtray.core.event.Event;

/** Something that takes events in batches (a batch may hold one event). */
@FunctionalInterface
public interface EventSink {
    void accept(List<Event> batch);
}
