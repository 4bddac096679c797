package org.watchtray.core.pipeline;

import java.util.EnumSet;
import java.util.Set;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Settings;

/** Keeps the events of sources whose timeline switch is on; watchtray's own (meta, history, journal, hooks) events always pass. */
public final class TimelineFilter implements EventFilter {
    private final Set<SourceId> enabled;

    private TimelineFilter(Set<SourceId> enabled) {
        this.enabled = enabled;
    }

    public static TimelineFilter from(Settings settings) {
        EnumSet<SourceId> on = EnumSet.of(SourceId.META, SourceId.HISTORY, SourceId.JOURNAL, SourceId.HOOKS);
        for (SourceId id : SourceId.values()) {
            if (settings.rules(id).timeline()) {
                on.add(id);
            }
        }
        return new TimelineFilter(on);
    }

    @Override
    public boolean accepts(Event event) {
        return enabled.contains(event.source());
    }
}
