package org.watchtray.core.source;

import java.util.List;
import org.watchtray.core.event.Event;

/**
 * A source that can say what holds now (pool usage, recent USB errors), so a subscriber that
 * connects late catches up. Called on the backend thread, like every source method.
 */
public interface CurrentState {
    List<Event> currentState();
}
