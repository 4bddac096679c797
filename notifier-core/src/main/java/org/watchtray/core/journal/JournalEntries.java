package org.watchtray.core.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.export.EventFields;

/**
 * One event as one journal entry: {@code MESSAGE} is the summary, {@code PRIORITY} the syslog
 * level of its severity, {@code SYSLOG_IDENTIFIER} who logged it, {@code MESSAGE_ID} its
 * type's ID from {@link MessageIds} (left out for a name the table lacks), then the
 * {@link EventFields}.
 */
public final class JournalEntries {
    /** The desktop app's identifier (user events, in the user's journal). */
    public static final String DESKTOP = "watchtray";
    /** The agent's identifier (thin pools and USB, in the system journal). */
    public static final String AGENT = "watchtray-agent";

    private JournalEntries() {
    }

    public static List<JournalField> of(Event e, String identifier) {
        Map<String, String> fields = EventFields.of(e);
        List<JournalField> out = new ArrayList<>(fields.size() + 4);
        out.add(new JournalField("MESSAGE", EnglishSummary.of(e)));
        out.add(new JournalField("PRIORITY", Integer.toString(priority(e.severity()))));
        out.add(new JournalField("SYSLOG_IDENTIFIER", identifier));
        MessageIds.of(e.name()).ifPresent(id -> out.add(new JournalField("MESSAGE_ID", id)));
        fields.forEach((name, value) -> out.add(new JournalField(name, value)));
        return out;
    }

    /** syslog levels: 2 crit, 4 warning, 5 notice, 6 info. */
    public static int priority(Severity s) {
        return switch (s) {
            case CRITICAL -> 2;
            case WARNING -> 4;
            case NOTICE -> 5;
            case INFO -> 6;
        };
    }
}
