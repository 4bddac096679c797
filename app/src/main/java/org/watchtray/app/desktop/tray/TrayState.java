package org.watchtray.app.desktop.tray;

import java.time.Instant;
import java.util.List;
import org.watchtray.app.text.Messages;
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
    public String headline(Messages m) {
        if (attention == 0) {
            return m.text("tray.alerts.none");
        }
        return critical == 0 ? m.format("tray.alerts", attention) : m.format("tray.alerts.critical", attention, critical);
    }

    /** The tooltip's body: the headline and, when on, until when do-not-disturb lasts. */
    public String tooltip(Messages m) {
        String dnd = doNotDisturbUntil == null ? "" : "\n" + m.format("tray.dnd.until", m.shortTime(doNotDisturbUntil));
        return headline(m) + dnd;
    }

    /** The SNI status: hosts may hide a "Passive" item, so only "Active" and "NeedsAttention" are used. */
    public String sniStatus() {
        return worst == Severity.CRITICAL && doNotDisturbUntil == null ? "NeedsAttention" : "Active";
    }
}
