package org.watchtray.app.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.source.SourceStatus;

/**
 * Turns each event family into a history row's {@code kind} and a JSON object holding every
 * record component, and back, so an event read from the history equals the one written. Time
 * and raw bytes live in their own columns. The JSON is ASCII-only (non-ASCII escaped) so names
 * with any code unit — even an unpaired surrogate from a hostile key description — survive.
 * The window feed uses the same description to carry events to the window process.
 */
public final class EventCodec {
    private final ObjectMapper json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    /** What goes into a row besides the columns every event has. */
    public record Encoded(String kind, String details) {
    }

    public Encoded encode(Event event) {
        ObjectNode n = json.createObjectNode();
        String kind = switch (event) {
            case KeyEvent k -> {
                n.put("change", k.change().wireName()).put("serial", k.serial()).put("type", k.keyType())
                        .put("description", k.description()).put("other_serial", k.otherSerial())
                        .put("origin", k.origin().name()).put("gone", k.gone());
                putInstant(n, "expiry", k.expiry());
                putInstant(n, "expiry_latest", k.expiryLatest());
                yield "key";
            }
            case CredentialEvent c -> {
                n.put("change", c.change().wireName()).put("principal", c.principal()).put("cache", c.cache())
                        .put("renewable", c.renewable()).put("reason", c.reason());
                putInstant(n, "end_time", c.endTime());
                putInstant(n, "renew_until", c.renewUntil());
                putDuration(n, "lead", c.lead());
                yield "credential";
            }
            case MountEvent m -> {
                n.put("change", m.change().wireName()).put("mount_id", m.mountId()).put("mount_point", m.mountPoint())
                        .put("previous_mount_point", m.previousMountPoint()).put("fstype", m.fsType())
                        .put("device", m.device()).put("options", m.options()).put("previous_options", m.previousOptions());
                if (m.burst() != null) {
                    MountEvent.Burst b = m.burst();
                    putInstant(n, "burst_since", b.since());
                    n.put("burst_mounted", b.mounted()).put("burst_unmounted", b.unmounted()).put("burst_other", b.other());
                    b.examples().forEach(n.putArray("burst_examples")::add);
                }
                yield "mount";
            }
            case ThinPoolEvent t -> {
                n.put("change", t.change().wireName()).put("severity", t.severity().wireName()).put("pool", t.pool())
                        .put("lvm_name", t.lvmName()).put("threshold", t.threshold()).put("mode", t.mode());
                putPercent(n, "data_percent", t.dataPercent());
                putPercent(n, "metadata_percent", t.metadataPercent());
                putDuration(n, "full_in", t.fullIn());
                yield "thinpool";
            }
            case UsbEvent u -> {
                n.put("change", u.change().wireName()).put("port", u.port()).put("product", u.product())
                        .put("message", u.message()).put("errno", u.errno()).put("count", u.count())
                        .put("port_failures", u.portFailures());
                yield "usb";
            }
            case LossEvent l -> {
                n.put("affected", l.affected().wireName()).put("lost", l.lost()).put("where", l.where());
                yield "loss";
            }
            case DecodeProblem d -> {
                n.put("affected", d.affected().wireName()).put("offset", d.offset()).put("problem", d.problem());
                yield "decode_problem";
            }
            case SourceStatusEvent s -> {
                SourceStatus st = s.status();
                n.put("source", st.source().wireName()).put("state", st.state().name())
                        .put("mechanism", st.mechanism()).put("reason", st.reason());
                yield "source_status";
            }
        };
        try {
            return new Encoded(kind, json.writeValueAsString(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON of " + event.name(), e);
        }
    }

    /**
     * Rebuilds the event of one row.
     *
     * @throws IllegalArgumentException when the row does not hold a readable event of that kind
     */
    public Event decode(String kind, Instant time, String details, byte[] raw) {
        JsonNode n;
        try {
            n = json.readTree(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("details are not JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("details are not a JSON object");
        }
        Bytes bytes = raw == null ? Bytes.EMPTY : new Bytes(raw);
        return switch (kind) {
            case "key" -> new KeyEvent(time, change(KeyEvent.Change.values(), n), integer(n, "serial"), text(n, "type"),
                    text(n, "description"), integer(n, "other_serial"), instant(n, "expiry"),
                    KeyEvent.Origin.valueOf(required(n, "origin").asText()), bytes, n.path("gone").asBoolean(false), instant(n, "expiry_latest"));
            case "credential" -> new CredentialEvent(time, change(CredentialEvent.Change.values(), n), text(n, "principal"),
                    text(n, "cache"), instant(n, "end_time"), instant(n, "renew_until"), required(n, "renewable").asBoolean(),
                    duration(n, "lead"), text(n, "reason"));
            case "mount" -> new MountEvent(time, change(MountEvent.Change.values(), n), required(n, "mount_id").asLong(),
                    text(n, "mount_point"), text(n, "previous_mount_point"), text(n, "fstype"), text(n, "device"),
                    text(n, "options"), text(n, "previous_options"), burst(n));
            case "thinpool" -> new ThinPoolEvent(time, change(ThinPoolEvent.Change.values(), n),
                    Severity.parse(required(n, "severity").asText()), text(n, "pool"), text(n, "lvm_name"),
                    percent(n, "data_percent"), percent(n, "metadata_percent"), integer(n, "threshold"),
                    duration(n, "full_in"), text(n, "mode"));
            case "usb" -> new UsbEvent(time, change(UsbEvent.Change.values(), n), text(n, "port"), text(n, "product"),
                    text(n, "message"), integer(n, "errno"), integer(n, "count"), integer(n, "port_failures"));
            case "loss" -> new LossEvent(time, source(n, "affected"), required(n, "lost").asLong(), text(n, "where"));
            case "decode_problem" -> new DecodeProblem(time, source(n, "affected"), required(n, "offset").asLong(),
                    text(n, "problem"), bytes);
            case "source_status" -> new SourceStatusEvent(time, new SourceStatus(source(n, "source"),
                    SourceStatus.State.valueOf(required(n, "state").asText()), text(n, "mechanism"), text(n, "reason")));
            default -> throw new IllegalArgumentException("unknown kind '" + kind + "'");
        };
    }

    /** A mount burst summary's counts and examples; null for a single change. */
    private static MountEvent.Burst burst(JsonNode n) {
        if (!n.has("burst_mounted")) {
            return null;
        }
        java.util.List<String> examples = new java.util.ArrayList<>();
        n.path("burst_examples").forEach(e -> examples.add(e.asText()));
        return new MountEvent.Burst(instant(n, "burst_since"), required(n, "burst_mounted").asInt(),
                required(n, "burst_unmounted").asInt(), required(n, "burst_other").asInt(), examples);
    }

    private static void putInstant(ObjectNode n, String name, Instant value) {
        n.put(name, value == null ? null : value.toString());
    }

    private static void putDuration(ObjectNode n, String name, Duration value) {
        n.put(name, value == null ? null : value.toString());
    }

    /** JSON has no NaN; "unknown" is stored as null. */
    private static void putPercent(ObjectNode n, String name, double value) {
        if (Double.isNaN(value)) {
            n.putNull(name);
        } else {
            n.put(name, value);
        }
    }

    private static JsonNode required(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return v;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static int integer(JsonNode n, String name) {
        JsonNode v = required(n, name);
        if (!v.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + name + "' is not an int: " + v);
        }
        return v.intValue();
    }

    private static Instant instant(JsonNode n, String name) {
        String v = text(n, name);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("field '" + name + "' is not an instant", e);
        }
    }

    private static Duration duration(JsonNode n, String name) {
        String v = text(n, name);
        try {
            return v == null ? null : Duration.parse(v);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("field '" + name + "' is not a duration", e);
        }
    }

    private static double percent(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? Double.NaN : v.doubleValue();
    }

    private static SourceId source(JsonNode n, String name) {
        return SourceId.fromWireName(required(n, name).asText());
    }

    private static <C extends Enum<C> & org.watchtray.core.event.Change> C change(C[] values, JsonNode n) {
        String wire = required(n, "change").asText();
        for (C c : values) {
            if (c.wireName().equals(wire)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown change '" + wire + "'");
    }
}
