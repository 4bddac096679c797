package org.watchtray.app.ui.timeline;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;

/**
 * What the timeline shows: sources (empty = all), the least severity, events at or after
 * {@code since} (null = any time) and a case-insensitive text found in the summary, object,
 * name or any detail. Loss markers are always shown: a gap must never be filtered away.
 */
public record RowFilter(Set<SourceId> sources, Severity minSeverity, Instant since, String text) {
    public static final RowFilter ALL = new RowFilter(Set.of(), Severity.INFO, null, "");

    public RowFilter {
        sources = sources.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sources));
        minSeverity = minSeverity == null ? Severity.INFO : minSeverity;
        text = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    }

    public boolean isEmpty() {
        return sources.isEmpty() && minSeverity == Severity.INFO && since == null && text.isEmpty();
    }

    public RowFilter withSources(Set<SourceId> s) {
        return new RowFilter(s, minSeverity, since, text);
    }

    public RowFilter withMinSeverity(Severity s) {
        return new RowFilter(sources, s, since, text);
    }

    public RowFilter withSince(Instant s) {
        return new RowFilter(sources, minSeverity, s, text);
    }

    public RowFilter withText(String t) {
        return new RowFilter(sources, minSeverity, since, t);
    }

    /** Whether the row shows, searching the English summary ({@link EnglishSummary}). */
    public boolean matches(TimelineRow row) {
        return matches(row, EnglishSummary::of);
    }

    /** Whether the row shows; {@code summary} is the summary as the user reads it (the search looks there). */
    public boolean matches(TimelineRow row, Function<Event, String> summary) {
        Event e = row.event();
        if (row.isLossMarker()) {
            return true;
        }
        return (sources.isEmpty() || sources.contains(e.source()))
                && e.severity().atLeast(minSeverity)
                && (since == null || !row.last().isBefore(since))
                && (text.isEmpty() || containsText(e, summary));
    }

    private boolean containsText(Event e, Function<Event, String> summary) {
        if (has(summary.apply(e)) || has(e.subject()) || has(e.name())) {
            return true;
        }
        for (Map.Entry<String, Object> d : e.details().entrySet()) {
            if (has(String.valueOf(d.getValue()))) {
                return true;
            }
        }
        return false;
    }

    private boolean has(String s) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(text);
    }
}
