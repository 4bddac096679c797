package org.watchtray.app.desktop.notify;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
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
 * What a toast for an event says: a title that names the situation, the event's summary as the
 * body (names in it made visible), the category hint and the actions that help with this kind
 * of event, all in the user's language ({@link EventText}). Pure; the policy decides whether it
 * is shown.
 */
public final class ToastContent {
    /** How long "Snooze" keeps an object quiet unless it gets worse (the button says "1 hour"). */
    public static final Duration SNOOZE = Duration.ofHours(1);

    private final EventText text;
    private final Messages m;

    public ToastContent(EventText text) {
        this.text = Objects.requireNonNull(text);
        this.m = text.messages();
    }

    public Toast of(Event e) {
        if (e instanceof SourceStatusEvent s && historyLost(s)) {
            return new Toast(ToastKey.of(e), m.text("toast.history_lost"), text.status().reason(s.status()), Urgency.NORMAL,
                    "x-watchtray.meta", Map.of(ToastAction.SHOW, m.text("toast.show")), e);
        }
        Map<ToastAction, String> actions = new LinkedHashMap<>();
        actions.put(ToastAction.SHOW, m.text("toast.show"));
        if (e instanceof CredentialEvent c && c.change() == CredentialEvent.Change.EXPIRES_SOON && c.renewable()) {
            actions.put(ToastAction.RENEW, m.text("toast.renew"));
        }
        if (!isOwn(e.source())) {
            actions.put(ToastAction.SNOOZE, m.text("toast.snooze"));
            actions.put(ToastAction.MUTE, m.format("toast.mute", text.sourceNoun(e.source())));
        }
        return new Toast(ToastKey.of(e), text.title(e), text.summary(e), Urgency.of(e.severity()), category(e), actions, e);
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
    Toast confirmation(Event e) {
        return new Toast(ToastKey.of(e), text.title(e), text.summary(e), Urgency.LOW, category(e),
                Map.of(ToastAction.SHOW, m.text("toast.show")), e);
    }

    /** "12 more USB alerts": stands for what the rate limit held back; the timeline has them all. */
    public Toast overflow(SourceId source, int count) {
        Map<ToastAction, String> actions = new LinkedHashMap<>();
        actions.put(ToastAction.SHOW, m.text("toast.show"));
        if (!isOwn(source)) {
            actions.put(ToastAction.MUTE, m.format("toast.mute", text.sourceNoun(source)));
        }
        return new Toast(ToastKey.overflowOf(source), m.format("toast.overflow.title", count, text.sourceNoun(source)),
                m.text("toast.overflow.body"), Urgency.LOW, "x-watchtray.overflow", actions, null);
    }

    /** A message from watchtray itself (a settings problem) with the button to the timeline. */
    public Toast notice(ToastKey key, String title, String body, Urgency urgency) {
        return new Toast(key, title, body, urgency, "x-watchtray.meta", Map.of(ToastAction.SHOW, m.text("toast.show")), null);
    }

    /** watchtray's own reports (lost events, its history) cannot be muted or snoozed from a toast. */
    static boolean isOwn(SourceId id) {
        return id == SourceId.META || id == SourceId.HISTORY || id == SourceId.JOURNAL || id == SourceId.HOOKS;
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
