package org.watchtray.app.desktop.tray;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.icons.Icons;

/**
 * One immutable view of the tray: icon, counts, the last few events (newest first) and the
 * do-not-disturb end. {@code revision} grows with every change (dbusmenu layout revision).
 * {@code noWindows} says why the app cannot open windows here (no display), null when it can.
 */
public record TrayState(long revision, Icons.State icon, Severity worst, int attention, int critical,
                        List<Event> recent, Instant doNotDisturbUntil, String noWindows) {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    public TrayState {
        recent = List.copyOf(recent);
    }

    /** Equal in everything a user can see (the revision aside). */
    boolean sameAs(TrayState o) {
        return o != null && icon == o.icon && worst == o.worst && attention == o.attention && critical == o.critical
                && recent.equals(o.recent) && java.util.Objects.equals(doNotDisturbUntil, o.doNotDisturbUntil)
                && java.util.Objects.equals(noWindows, o.noWindows);
    }

    /** The tooltip's first line: "2 alerts need attention (1 critical)". */
    public String headline() {
        if (attention == 0) {
            return "No alerts";
        }
        String n = attention == 1 ? "1 alert needs attention" : attention + " alerts need attention";
        return critical == 0 ? n : n + " (" + critical + " critical)";
    }

    /** The tooltip's body: the headline and, when on, until when do-not-disturb lasts. */
    public String tooltip(ZoneId zone) {
        String dnd = doNotDisturbUntil == null ? "" : "\nDo not disturb until " + HH_MM.format(doNotDisturbUntil.atZone(zone));
        return headline() + dnd;
    }

    /** The SNI status: hosts may hide a "Passive" item, so only "Active" and "NeedsAttention" are used. */
    public String sniStatus() {
        return worst == Severity.CRITICAL && doNotDisturbUntil == null ? "NeedsAttention" : "Active";
    }
}
