package org.watchtray.core.pipeline;

import org.watchtray.core.event.Event;

/** Decides whether an event is kept at all (the user's timeline rules). */
@FunctionalInterface
public interface EventFilter {
    EventFilter ACCEPT_ALL = e -> true;

    boolean accepts(Event event);
}
