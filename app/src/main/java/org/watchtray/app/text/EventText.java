package org.watchtray.app.text;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.event.Text;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;

/**
 * The one place where an event becomes words for the user: its one-line summary (timeline,
 * tray menu, toast body, {@code watchtray monitor} and {@code history}), its toast title, and the
 * names of sources, severities and states, all in the user's language ({@link Messages}). Events
 * carry data and machine names only; every family is switched over exhaustively, so a new event
 * type or change does not compile until it has words. Names from the kernel or users are quoted
 * and made visible, never obeyed.
 */
public final class EventText {
    private final Messages m;
    private final StatusText status;

    public EventText(Messages messages) {
        this.m = messages;
        this.status = new StatusText(messages);
    }

    public Messages messages() {
        return m;
    }

    /** How source statuses ("polling /proc/keys every 60 s — …") read in the user's language. */
    public StatusText status() {
        return status;
    }

    // ---- summaries

    /** One line a user understands, e.g. "Thin pool “vg0/pool” data is 91.5% full". */
    public String summary(Event e) {
        String s = switch (e) {
            case KeyEvent k -> key(k);
            case CredentialEvent c -> credential(c);
            case MountEvent mo -> mount(mo);
            case ThinPoolEvent t -> thinPool(t);
            case UsbEvent u -> usb(u);
            case LossEvent l -> loss(l);
            case DecodeProblem p -> m.format("event.meta.malformed", sourceNoun(p.affected()), Long.toString(p.offset()),
                    Text.visible(p.problem()));
            case SourceStatusEvent st -> m.format("event.meta.source_status", sourceLabel(st.status().source()),
                    status.explanation(st.status()));
        };
        return s;
    }

    private String key(KeyEvent k) {
        String serial = Integer.toString(k.serial());
        String subject = k.keyType().isEmpty() ? m.format("key.subject", serial)
                : m.format("key.subject.named", Text.visible(k.keyType()), m.quote(k.description()), serial);
        if (k.gone() && k.change() != KeyEvent.Change.REMOVED) {
            subject = m.format("key.subject.gone", subject);
        }
        String name = "event." + k.name();
        // The sentence may begin with the key's type ("user"): said as the start of a sentence.
        return capitalized(switch (k.change()) {
            case LINKED, UNLINKED -> m.format(name, subject, Integer.toString(k.otherSerial()));
            case EXPIRES_SOON -> k.expiry() == null ? m.format(name, subject)
                    : k.expiryLatest() == null ? m.format(name + ".at", subject, m.time(k.expiry()))
                    : m.format(name + ".between", subject, m.time(k.expiry()), m.time(k.expiryLatest()));
            case INSTANTIATED, UPDATED, CLEARED, REVOKED, INVALIDATED, ATTRIBUTES_CHANGED, ADDED, REMOVED, EXPIRED ->
                    m.format(name, subject);
        });
    }

    private String credential(CredentialEvent c) {
        String who = Text.visible(c.principal());
        String name = "event." + c.name();
        return switch (c.change()) {
            case ACQUIRED, RENEWED -> m.format(name, who, time(c.endTime()));
            case EXPIRES_SOON -> m.format(c.renewable() ? name : name + ".not_renewable", who, time(c.endTime()));
            case EXPIRED, DESTROYED -> m.format(name, who);
            // libkrb5's own words ("Cannot contact any KDC …"): English, or whatever its catalog says.
            case RENEW_FAILED -> m.format(name, who, Text.visible(c.reason()));
        };
    }

    /** Each mount change's message key ("event." + the event's name), made once: a monitor line on the backend thread needs one. */
    private static final Map<MountEvent.Change, String> MOUNT_KEYS = mountKeys();

    private static Map<MountEvent.Change, String> mountKeys() {
        Map<MountEvent.Change, String> keys = new EnumMap<>(MountEvent.Change.class);
        for (MountEvent.Change c : MountEvent.Change.values()) {
            keys.put(c, "event.mounts." + c.wireName());
        }
        return keys;
    }

    private String mount(MountEvent e) {
        String at = m.quote(e.mountPoint());
        String name = MOUNT_KEYS.get(e.change());
        return switch (e.change()) {
            case MOUNTED -> m.format(name, what(e), at);
            case UNMOUNTED, REMOUNTED_READ_WRITE -> m.format(name, at);
            case MOVED -> m.format(name, m.quote(e.previousMountPoint() == null ? "?" : e.previousMountPoint()), at);
            case OPTIONS_CHANGED -> m.format(name, at, Text.visible(e.options() == null ? "" : e.options()));
            case REMOUNTED_READ_ONLY -> m.format(e.afterErrors() ? name + ".after_errors" : name, at, what(e));
            case NETWORK_MOUNT_LOST -> m.format(name, at, what(e));
            case BURST -> {
                MountEvent.Burst b = e.burst();
                List<String> parts = new ArrayList<>();
                if (b.mounted() > 0) {
                    parts.add(m.format("mounts.burst.mounted", b.mounted()));
                }
                if (b.unmounted() > 0) {
                    parts.add(m.format("mounts.burst.unmounted", b.unmounted()));
                }
                if (b.other() > 0) {
                    parts.add(m.format("mounts.burst.changed", b.other()));
                }
                yield m.format(name, b.total(), at, m.list(parts));
            }
        };
    }

    /** "tmpfs /dev/sda1": the filesystem type and device, as far as known. */
    private static String what(MountEvent e) {
        return (Text.visible(e.fsType() == null ? "" : e.fsType()) + " " + Text.visible(e.device() == null ? "" : e.device())).strip();
    }

    private String thinPool(ThinPoolEvent t) {
        String pool = m.quote(t.poolName());
        String name = "event." + t.name();
        String s = switch (t.change()) {
            case STATUS -> Double.isNaN(t.dataPercent()) ? m.format(name + ".mode", pool, Text.visible(t.mode()))
                    : m.format(name, pool, m.percent(t.dataPercent()), m.percent(t.metadataPercent()));
            case DATA_THRESHOLD -> m.format(name, pool, m.percent(t.dataPercent()));
            case METADATA_THRESHOLD -> m.format(name, pool, m.percent(t.metadataPercent()));
            case RESOLVED -> Double.isNaN(t.dataPercent()) ? m.format(name + ".gone", pool, Text.visible(t.mode()))
                    : m.format(name, pool, m.percent(t.dataPercent()));
            case LOW_WATER_MARK, OUT_OF_DATA_SPACE, READ_ONLY, FAILED, NEEDS_CHECK -> m.format(name, pool);
        };
        boolean filling = t.change() == ThinPoolEvent.Change.DATA_THRESHOLD || t.change() == ThinPoolEvent.Change.METADATA_THRESHOLD
                || t.change() == ThinPoolEvent.Change.LOW_WATER_MARK;
        return filling && t.fullIn() != null ? m.format("thinpool.full_in", s, m.duration(t.fullIn())) : s;
    }

    private String usb(UsbEvent u) {
        String where = u.product().isEmpty() ? m.format("usb.port", Text.visible(u.port()))
                : m.format("usb.port.product", Text.visible(u.port()), Text.visible(u.product()));
        String name = "event." + u.name();
        String s = switch (u.change()) {
            case ADDED, REMOVED -> u.count() > 1 ? m.format(name + ".many", u.count()) : m.format(name, where);
            case ENUMERATION_ERROR -> u.errno() != 0 ? m.format(name + ".errno", where, Integer.toString(u.errno())) : m.format(name, where);
            // The kernel's own words: not translatable.
            case ERROR -> m.format(name, where, Text.visible(u.message()));
            case PORT_FAILING -> m.format(name, where, u.portFailures());
            case CANNOT_ENUMERATE, RESET, OVER_CURRENT, DISCONNECT, DISCONNECT_STORM -> m.format(name, where);
        };
        boolean repeats = u.count() > 1 && u.change() != UsbEvent.Change.ADDED && u.change() != UsbEvent.Change.REMOVED
                && u.change() != UsbEvent.Change.PORT_FAILING;
        return repeats ? m.format("usb.times", s, u.count()) : s;
    }

    private String loss(LossEvent l) {
        // -1: the producer could not count.
        long n = Math.max(-1, l.lost());
        // The reason travels in English (history, JSON, journal); the catalogue's phrases say it in the user's language.
        String where = Text.visible(status.translate(l.where()));
        return switch (l.affected()) {
            case META -> m.format("event.meta.loss", n, where);
            case HISTORY -> m.format("event.meta.loss.history", n, where);
            case JOURNAL -> m.format("event.meta.loss.journal", n, where);
            case HOOKS -> m.format("event.meta.loss.hooks", n, where);
            case KEYS, KERBEROS, MOUNTS, THINPOOL, USB -> m.format("event.meta.loss.source", n, where, sourceNoun(l.affected()));
        };
    }

    /** A timeline row's repeats: "×12 in 5 min", "×3" within the same second, "" for one event. */
    public String repeats(int count, Instant first, Instant last) {
        if (count < 2) {
            return "";
        }
        Duration span = Duration.between(first, last).abs();
        return span.toSeconds() < 1 ? m.format("timeline.repeats", count) : m.format("timeline.repeats.within", count, m.duration(span));
    }

    // ---- toast titles

    /** A toast's title: names the situation ("Key expires in about 2 min", "Thin pool 91 % full"). */
    public String title(Event e) {
        return switch (e) {
            case KeyEvent k -> switch (k.change()) {
                case EXPIRES_SOON -> k.expiry() == null ? m.text("title.keys.expires_soon")
                        : m.format("title.keys.expires_soon.in", k.expiryApproximate()
                        ? about(k.time(), k.expiry(), k.expiryLatest()) : exactly(k.time(), k.expiry()));
                case EXPIRED -> m.text("title.keys.expired");
                case REVOKED -> m.text("title.keys.revoked");
                case INVALIDATED -> m.text("title.keys.invalidated");
                case INSTANTIATED, UPDATED, LINKED, UNLINKED, CLEARED, ATTRIBUTES_CHANGED, ADDED, REMOVED -> m.text("title.keys.changed");
            };
            // The time left, not the lead time that triggered the warning (a 3-minute ticket is not "in 5 min").
            case CredentialEvent c -> c.change() == CredentialEvent.Change.EXPIRES_SOON && c.endTime() != null
                    ? m.format("title.kerberos.expires_soon.in", exactly(c.time(), c.endTime()))
                    : m.text("title." + c.name());
            case MountEvent mo -> m.text("title." + mo.name());
            case ThinPoolEvent t -> switch (t.change()) {
                case DATA_THRESHOLD -> m.format("title.thinpool.data_threshold", m.wholePercent(t.dataPercent()));
                case METADATA_THRESHOLD -> m.format("title.thinpool.metadata_threshold", m.wholePercent(t.metadataPercent()));
                case STATUS, LOW_WATER_MARK, OUT_OF_DATA_SPACE, READ_ONLY, FAILED, NEEDS_CHECK, RESOLVED -> m.text("title." + t.name());
            };
            case UsbEvent u -> switch (u.change()) {
                case ADDED, REMOVED -> m.format("title." + u.name(), u.count());
                case OVER_CURRENT -> m.text("title.usb.over_current");
                case PORT_FAILING -> m.text("title.usb.port_failing");
                case DISCONNECT, DISCONNECT_STORM -> m.text("title.usb.disconnecting");
                case ENUMERATION_ERROR, CANNOT_ENUMERATE, RESET, ERROR -> m.text("title.usb.problem");
            };
            case LossEvent _ -> m.text("title.meta.loss");
            case DecodeProblem _ -> m.text("title.meta.malformed");
            case SourceStatusEvent s -> m.format("title.status." + s.status().state().wireName(), sourceNoun(s.status().source()));
        };
    }

    /** From {@code now} until {@code at}, known to the second: "45 s", "3 min", "1 h 20 min". */
    String exactly(Instant now, Instant at) {
        long s = Math.max(0, Duration.between(now, at).toSeconds());
        if (s < 60) {
            return m.format("left.seconds", s);
        }
        long minutes = Math.round(s / 60.0);
        if (minutes < 60) {
            return m.format("left.minutes", minutes);
        }
        long hours = minutes / 60;
        if (hours >= 48) {
            return m.format("left.days", Math.round(minutes / 1440.0));
        }
        return minutes % 60 == 0 ? m.format("left.hours", hours) : m.format("left.hours_minutes", hours, minutes % 60);
    }

    /** Somewhere between {@code earliest} and {@code latest}: "about 2 min", the middle rounded up. */
    String about(Instant now, Instant earliest, Instant latest) {
        long middle = Math.max(0, (Duration.between(now, earliest).toSeconds() + Duration.between(now, latest).toSeconds() + 1) / 2);
        long minutes = Math.max(1, (middle + 59) / 60);
        if (minutes < 60) {
            return m.format("left.about.minutes", minutes);
        }
        long hours = (middle + 3599) / 3600;
        return hours < 48 ? m.format("left.about.hours", hours) : m.format("left.about.days", (hours + 23) / 24);
    }

    // ---- names

    /** A source's name in lists and columns: "Keys", "Thin pools", "USB". */
    public String sourceLabel(SourceId id) {
        return m.text("source." + id.wireName());
    }

    /** A source in running text: "key", "thin pool" ("Mute thin pool", "3 more USB alerts"). */
    public String sourceNoun(SourceId id) {
        return m.text("source." + id.wireName() + ".noun");
    }

    /** "Info", "Notice", "Warning", "Critical". */
    public String severity(Severity s) {
        return m.text("severity." + s.wireName());
    }

    /** "active", "degraded", "not running", "turned off". */
    public String state(SourceStatus.State s) {
        return m.text("state." + s.wireName());
    }

    /** A time as event texts show it: to the second, in the user's zone. */
    private String time(Instant t) {
        return t == null ? m.text("unknown") : m.time(t);
    }

    private String capitalized(String s) {
        if (s.isEmpty() || !Character.isLowerCase(s.charAt(0))) {
            return s;
        }
        return s.substring(0, 1).toUpperCase(m.locale().getLanguage().isEmpty() ? Locale.ROOT : m.locale()) + s.substring(1);
    }
}
