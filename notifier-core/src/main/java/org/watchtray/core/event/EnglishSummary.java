package org.watchtray.core.event;

import java.util.Locale;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;

/**
 * One English line for an event, the same whatever the user's language: the journal's
 * {@code MESSAGE} (admins search a fleet's journals for it), a hook's {@code WATCHTRAY_SUMMARY},
 * the {@code summary} of the JSON that {@code monitor --json}, {@code history --json}, exports
 * and hooks read, and the agent's log. Scripts and fleet searches match these words, so they
 * change only on purpose; numbers are written with {@link Locale#ROOT} ("91.5%", never "91,5%").
 * What the user reads in the app and the CLI comes from the app's message bundles instead.
 * Names from the kernel or users are made visible, never obeyed ({@link Text}).
 */
public final class EnglishSummary {
    private EnglishSummary() {
    }

    public static String of(Event e) {
        return switch (e) {
            case KeyEvent k -> key(k);
            case CredentialEvent c -> credential(c);
            case MountEvent m -> mount(m);
            case ThinPoolEvent t -> thinPool(t);
            case UsbEvent u -> usb(u);
            case LossEvent l -> loss(l);
            case DecodeProblem p -> "Malformed " + p.affected().wireName() + " input at offset " + p.offset() + ": " + p.problem();
            // watchtray's own status is named as watchtray, not by its wire name.
            case SourceStatusEvent s -> s.status().source() == SourceId.META ? "watchtray: " + s.status().explanation()
                    : s.status().describe();
        };
    }

    private static String key(KeyEvent k) {
        String what = (k.keyType().isEmpty() ? "key " + k.serial()
                : k.keyType() + " " + Text.quote(k.description()) + " (" + k.serial() + ")")
                + (k.gone() && k.change() != KeyEvent.Change.REMOVED ? ", already gone," : "");
        String tail = switch (k.change()) {
            case LINKED -> ": key " + k.otherSerial() + " linked";
            case UNLINKED -> ": key " + k.otherSerial() + " unlinked";
            case EXPIRES_SOON -> k.expiry() == null ? ""
                    : k.expiryLatest() == null ? " at " + Text.time(k.expiry())
                    : ", between " + Text.time(k.expiry()) + " and " + Text.time(k.expiryLatest());
            default -> "";
        };
        String phrase = switch (k.change()) {
            case INSTANTIATED -> "was instantiated";
            case UPDATED -> "was updated";
            case LINKED -> "gained a link";
            case UNLINKED -> "lost a link";
            case CLEARED -> "was cleared";
            case REVOKED -> "was revoked";
            case INVALIDATED -> "was invalidated";
            case ATTRIBUTES_CHANGED -> "had its attributes changed";
            case ADDED -> "appeared";
            case REMOVED -> "is gone";
            case EXPIRES_SOON -> "expires soon";
            case EXPIRED -> "expired";
        };
        return Character.toUpperCase(what.charAt(0)) + what.substring(1) + " " + phrase + tail;
    }

    private static String credential(CredentialEvent c) {
        String who = Text.visible(c.principal());
        return switch (c.change()) {
            case ACQUIRED -> "Kerberos ticket for " + who + " acquired, valid until " + Text.time(c.endTime());
            case RENEWED -> "Kerberos ticket for " + who + " renewed until " + Text.time(c.endTime());
            case EXPIRES_SOON -> "Kerberos ticket for " + who + " expires at " + Text.time(c.endTime())
                    + (c.renewable() ? "" : " (not renewable)");
            case EXPIRED -> "Kerberos ticket for " + who + " has expired";
            case DESTROYED -> "Kerberos ticket for " + who + " was removed";
            case RENEW_FAILED -> "Renewing the Kerberos ticket for " + who + " failed: " + Text.visible(c.reason());
        };
    }

    private static String mount(MountEvent m) {
        String at = Text.quote(m.mountPoint());
        String what = (Text.visible(m.fsType() == null ? "" : m.fsType()) + " " + Text.visible(m.device() == null ? "" : m.device())).strip();
        return switch (m.change()) {
            case MOUNTED -> what + " mounted at " + at;
            case UNMOUNTED -> at + " unmounted";
            case MOVED -> "Mount moved from " + Text.quote(m.previousMountPoint() == null ? "?" : m.previousMountPoint()) + " to " + at;
            case OPTIONS_CHANGED -> at + " options changed to " + Text.visible(m.options());
            case REMOUNTED_READ_ONLY -> at + " (" + what + ") was remounted read-only"
                    + (m.afterErrors() ? " after filesystem errors" : "");
            case REMOUNTED_READ_WRITE -> at + " is writable again";
            case NETWORK_MOUNT_LOST -> "Network mount " + at + " (" + what + ") is gone";
            case BURST -> burst(m.burst(), at);
        };
    }

    private static String burst(MountEvent.Burst burst, String at) {
        StringBuilder parts = new StringBuilder();
        if (burst.mounted() > 0) {
            parts.append(burst.mounted()).append(" mounted");
        }
        if (burst.unmounted() > 0) {
            parts.append(parts.isEmpty() ? "" : ", ").append(burst.unmounted()).append(" unmounted");
        }
        if (burst.other() > 0) {
            parts.append(parts.isEmpty() ? "" : ", ").append(burst.other()).append(" changed");
        }
        return burst.total() + " more mount changes under " + at + " (" + parts + ")";
    }

    private static String thinPool(ThinPoolEvent t) {
        String pool = "Thin pool " + Text.quote(t.poolName());
        String eta = t.fullIn() == null ? "" : ", full in about " + Durations.humanize(t.fullIn());
        return switch (t.change()) {
            case STATUS -> Double.isNaN(t.dataPercent()) ? pool + " is in " + Text.visible(t.mode()) + " mode"
                    : pool + String.format(Locale.ROOT, " data %.1f%%, metadata %.1f%%", t.dataPercent(), t.metadataPercent());
            case DATA_THRESHOLD -> pool + String.format(Locale.ROOT, " data is %.1f%% full", t.dataPercent()) + eta;
            case METADATA_THRESHOLD -> pool + String.format(Locale.ROOT, " metadata is %.1f%% full", t.metadataPercent()) + eta;
            case LOW_WATER_MARK -> pool + " reached its low-water mark" + eta;
            case OUT_OF_DATA_SPACE -> pool + " is out of data space: writes fail";
            case READ_ONLY -> pool + " switched to read-only mode";
            case FAILED -> pool + " has failed";
            case NEEDS_CHECK -> pool + " needs a metadata check (thin_check)";
            case RESOLVED -> Double.isNaN(t.dataPercent()) ? pool + " is gone (" + Text.visible(t.mode()) + ")"
                    : pool + String.format(Locale.ROOT, " is back to %.1f%% data", t.dataPercent());
        };
    }

    private static String usb(UsbEvent u) {
        String where = "USB " + Text.visible(u.port()) + (u.product().isEmpty() ? "" : " (" + Text.visible(u.product()) + ")");
        String times = u.count() > 1 ? " \u00d7" + u.count() : "";
        return switch (u.change()) {
            case ADDED -> u.count() > 1 ? u.count() + " USB devices connected" : where + " connected";
            case REMOVED -> u.count() > 1 ? u.count() + " USB devices disconnected" : where + " removed";
            case ENUMERATION_ERROR -> where + ": device descriptor read error" + (u.errno() != 0 ? " (" + u.errno() + ")" : "") + times;
            case CANNOT_ENUMERATE -> where + ": unable to enumerate the device" + times;
            case RESET -> where + " was reset" + times;
            case OVER_CURRENT -> where + ": over-current" + times;
            case DISCONNECT -> where + " disconnected" + times;
            case DISCONNECT_STORM -> where + " keeps disconnecting" + times;
            case ERROR -> where + ": " + Text.visible(u.message()) + times;
            case PORT_FAILING -> where + " keeps failing (" + u.portFailures() + " errors)";
        };
    }

    private static String loss(LossEvent l) {
        String n = l.lost() < 0 ? "Some" : Long.toString(l.lost());
        String where = l.where();
        // Only a real source re-reads its state after a loss; the window and the history cannot.
        return switch (l.affected()) {
            case META -> n + " events were lost (" + where + ")";
            case HISTORY -> n + " events are missing from the history (" + where + ")";
            case JOURNAL -> n + " events are missing from the systemd journal (" + where + ")";
            case HOOKS -> n + " hook runs were skipped (" + where + ")";
            default -> n + " " + l.affected().wireName() + " events were lost (" + where + "); state was re-read";
        };
    }
}
