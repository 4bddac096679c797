package org.watchtray.app.cli;

import java.time.Instant;
import java.time.ZoneId;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Text;

/**
 * One human line per event: local time, severity, source, summary, e.g.
 * {@code 2025-03-01 13:00:00.250  warning   thinpool  Thin pool “vg0/pool” data is 91.5% full}.
 * The summary is in the user's language; the time (ISO order, sortable), severity and source
 * keep their machine forms so the columns line up and scripts that cut them keep working.
 * Not thread-safe (it reuses its buffer, its clock keeps the zone's offset): one per printing thread.
 * Summaries already escape control characters; escaping again here is harmless and keeps every
 * event on exactly one line even if a summary forgot.
 */
public final class EventLines {
    private static final int COLUMN = 8;

    private final LineClock clock;
    private final EventText words;
    /**
     * The line up to the summary, rebuilt for each line: all ASCII, so it stays Latin-1, and the
     * summary (often with typographic quotes) is joined to it in one copy made in the right coding
     * rather than a buffer inflated to UTF-16 and copied again.
     */
    private final StringBuilder head = new StringBuilder(64);

    /** English lines (tests). */
    public EventLines(ZoneId zone) {
        this(new EventText(Messages.english(zone)));
    }

    public EventLines(EventText words) {
        this.clock = new LineClock(words.messages().zone());
        this.words = words;
    }

    /** An event's line: what {@code watchtray monitor} prints for each event, on the backend thread. */
    public String toLine(Event event) {
        return line(event.time(), event.severity().wireName(), event.source().wireName(), words.summary(event));
    }

    String toLine(Entry entry) {
        return line(entry.time(), entry.severity().wireName(), entry.source().wireName(),
                entry.origin() == null ? entry.summary() : words.summary(entry.origin()));
    }

    /** {@code time  severity  source    summary}, the two middle columns padded to eight; one line whatever the summary holds. */
    private String line(Instant time, String severity, String source, String summary) {
        StringBuilder b = head;
        b.setLength(0);
        clock.append(b, time);
        b.append("  ");
        padded(b, severity);
        b.append("  ");
        padded(b, source);
        return b.append("  ").toString().concat(Text.visible(summary));
    }

    private static void padded(StringBuilder b, String s) {
        b.append(s);
        for (int i = s.length(); i < COLUMN; i++) {
            b.append(' ');
        }
    }
}
