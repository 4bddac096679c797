package org.watchtray.app.desktop.notify;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;

/**
 * What a toast for an event says: a title that names the situation, the event's own summary as
 * the body (names in it are already made visible by the event), the category hint and the
 * actions that help with this kind of event. Pure; the policy decides whether it is shown.
 */
public final class ToastContent {
    /** How long "Snooze" keeps an object quiet unless it gets worse (the button says "1 hour"). */
    public static final Duration SNOOZE = Duration.ofHours(1);

    private ToastContent() {
    }

    public static Toast of(Event e) {
        if (e instanceof SourceStatusEvent s && historyLost(s)) {
            return new Toast(ToastKey.of(e), "The history is not being saved", s.status().reason(), Urgency.NORMAL,
                    "x-watchtray.meta", Map.of(ToastAction.SHOW, "Show in timeline"), e);
        }
        Map<ToastAction, String> actions = new LinkedHashMap<>();
        actions.put(ToastAction.SHOW, "Show in timeline");
        if (e instanceof CredentialEvent c && c.change() == CredentialEvent.Change.EXPIRES_SOON && c.renewable()) {
            actions.put(ToastAction.RENEW, "Renew");
        }
        if (!isOwn(e.source())) {
            actions.put(ToastAction.SNOOZE, "Snooze 1 hour");
            actions.put(ToastAction.MUTE, "Mute " + sourceLabel(e.source()));
        }
        return new Toast(ToastKey.of(e), title(e), e.summary(), Urgency.of(e.severity()), category(e), actions, e);
    }

    /** The history cannot be written (or opened): events are lost from it until this ends. */
    static boolean historyLost(SourceStatusEvent s) {
        return s.status().source() == SourceId.HISTORY && s.status().state() == org.watchtray.core.source.SourceStatus.State.UNAVAILABLE;
    }

    /** Whether {@code e} ends a problem the user was told about in a way worth confirming (it replaces the warning). */
    static boolean confirms(Event e) {
        return e instanceof CredentialEvent c && c.change() == CredentialEvent.Change.RENEWED;
    }

    /** The short answer to a warning that no longer holds: "Kerberos ticket renewed", until when; quiet, no buttons to act on. */
    static Toast confirmation(Event e) {
        return new Toast(ToastKey.of(e), title(e), e.summary(), Urgency.LOW, category(e),
                Map.of(ToastAction.SHOW, "Show in timeline"), e);
    }

    /** "12 more USB alerts": stands for what the rate limit held back; the timeline has them all. */
    public static Toast overflow(SourceId source, int count) {
        Map<ToastAction, String> actions = new LinkedHashMap<>();
        actions.put(ToastAction.SHOW, "Show in timeline");
        if (!isOwn(source)) {
            actions.put(ToastAction.MUTE, "Mute " + sourceLabel(source));
        }
        String what = count == 1 ? "1 more " + sourceLabel(source) + " alert" : count + " more " + sourceLabel(source) + " alerts";
        return new Toast(ToastKey.overflowOf(source), what, "Too many to show one by one; all are in the timeline.",
                Urgency.LOW, "x-watchtray.overflow", actions, null);
    }

    /** watchtray's own reports (lost events, its history) cannot be muted or snoozed from a toast. */
    static boolean isOwn(SourceId id) {
        return id == SourceId.META || id == SourceId.HISTORY || id == SourceId.JOURNAL || id == SourceId.HOOKS;
    }

    /** How a source is named to the user ("USB", "Kerberos", "thin pool"). */
    public static String sourceLabel(SourceId id) {
        return switch (id) {
            case KEYS -> "key";
            case KERBEROS -> "Kerberos";
            case MOUNTS -> "mount";
            case THINPOOL -> "thin pool";
            case USB -> "USB";
            case META -> "watchtray";
            case HISTORY -> "history";
            case JOURNAL -> "journal";
            case HOOKS -> "hook";
        };
    }

    static String title(Event e) {
        return switch (e) {
            case KeyEvent k -> switch (k.change()) {
                case EXPIRES_SOON -> k.expiry() == null ? "Key expires soon"
                        : "Key expires " + (k.expiryApproximate() ? TimeLeft.about(k.time(), k.expiry(), k.expiryLatest())
                        : TimeLeft.exact(k.time(), k.expiry()));
                case EXPIRED -> "Key expired";
                case REVOKED -> "Key revoked";
                case INVALIDATED -> "Key invalidated";
                default -> "Key changed";
            };
            case CredentialEvent c -> switch (c.change()) {
                case ACQUIRED -> "Kerberos ticket acquired";
                case RENEWED -> "Kerberos ticket renewed";
                // The time left, not the lead time that triggered the warning (a 3-minute ticket is not "in 5 min").
                case EXPIRES_SOON -> c.endTime() == null ? "Kerberos ticket expires soon"
                        : "Kerberos ticket expires " + TimeLeft.exact(c.time(), c.endTime());
                case EXPIRED -> "Kerberos ticket expired";
                case DESTROYED -> "Kerberos ticket removed";
                case RENEW_FAILED -> "Kerberos renewal failed";
            };
            case MountEvent m -> switch (m.change()) {
                case MOUNTED -> "Mounted";
                case UNMOUNTED -> "Unmounted";
                case MOVED -> "Mount moved";
                case OPTIONS_CHANGED -> "Mount options changed";
                case REMOUNTED_READ_ONLY -> "Filesystem is now read-only";
                case REMOUNTED_READ_WRITE -> "Filesystem is writable again";
                case NETWORK_MOUNT_LOST -> "Network mount lost";
                case BURST -> "Many mount changes";
            };
            case ThinPoolEvent t -> switch (t.change()) {
                case STATUS -> "Thin pool status";
                case DATA_THRESHOLD -> String.format(Locale.ROOT, "Thin pool %.0f %% full", t.dataPercent());
                case METADATA_THRESHOLD -> String.format(Locale.ROOT, "Thin pool metadata %.0f %% full", t.metadataPercent());
                case LOW_WATER_MARK -> "Thin pool reached its low-water mark";
                case OUT_OF_DATA_SPACE -> "Thin pool is out of space";
                case READ_ONLY -> "Thin pool is read-only";
                case FAILED -> "Thin pool failed";
                case NEEDS_CHECK -> "Thin pool needs a check";
                case RESOLVED -> "Thin pool has room again";
            };
            case UsbEvent u -> switch (u.change()) {
                case ADDED -> u.count() > 1 ? u.count() + " USB devices connected" : "USB device connected";
                case REMOVED -> u.count() > 1 ? u.count() + " USB devices removed" : "USB device removed";
                case OVER_CURRENT -> "USB over-current";
                case PORT_FAILING -> "USB port keeps failing";
                case DISCONNECT, DISCONNECT_STORM -> "USB device disconnecting";
                case ENUMERATION_ERROR, CANNOT_ENUMERATE, RESET, ERROR -> "USB device problem";
            };
            case LossEvent _ -> "Events were lost";
            case DecodeProblem _ -> "Unreadable input";
            case SourceStatusEvent s -> switch (s.status().state()) {
                case ACTIVE -> "Watching " + sourceLabel(s.status().source()) + " events";
                case DEGRADED -> "Watching " + sourceLabel(s.status().source()) + " events the slow way";
                case UNAVAILABLE -> "Not watching " + sourceLabel(s.status().source()) + " events";
                case DISABLED -> sourceLabel(s.status().source()) + " events turned off";
            };
        };
    }

    static String category(Event e) {
        return switch (e) {
            case KeyEvent k -> "x-watchtray.keys." + k.change().wireName();
            case CredentialEvent c -> "x-watchtray.kerberos." + c.change().wireName();
            case MountEvent m -> switch (m.change()) {
                case REMOUNTED_READ_ONLY -> "device.error";
                case NETWORK_MOUNT_LOST -> "network.disconnected";
                case MOUNTED -> "device.added";
                case UNMOUNTED -> "device.removed";
                default -> "device";
            };
            case ThinPoolEvent t -> switch (t.change()) {
                case OUT_OF_DATA_SPACE, READ_ONLY, FAILED, NEEDS_CHECK -> "device.error";
                default -> "device";
            };
            case UsbEvent u -> switch (u.change()) {
                case ADDED -> "device.added";
                case REMOVED, DISCONNECT -> "device.removed";
                default -> "device.error";
            };
            case LossEvent _, DecodeProblem _, SourceStatusEvent _ -> "x-watchtray.meta";
        };
    }
}
