package org.watchtray.app.cli;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Text;

/**
 * One human line per event: local time, severity, source, summary, e.g.
 * {@code 2025-03-01 13:00:00.250  warning   thinpool  Thin pool “vg0/pool” data is 91.5% full}.
 * The summary is in the user's language; the time (ISO order, sortable), severity and source
 * keep their machine forms so the columns line up and scripts that cut them keep working.
 * Summaries already escape control characters; escaping again here is harmless and keeps every
 * event on exactly one line even if a summary forgot.
 */
public final class EventLines {
    private final DateTimeFormatter clock;
    private final EventText words;

    /** English lines (tests). */
    public EventLines(ZoneId zone) {
        this(new EventText(Messages.english(zone)));
    }

    public EventLines(EventText words) {
        this.clock = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(words.messages().zone());
        this.words = words;
    }

    public String toLine(Event event) {
        return toLine(Entry.of(event));
    }

    String toLine(Entry entry) {
        return String.format(Locale.ROOT, "%s  %-8s  %-8s  %s", clock.format(entry.time()), entry.severity().wireName(),
                entry.source().wireName(), Text.visible(entry.origin() == null ? entry.summary() : words.summary(entry.origin())));
    }
}
