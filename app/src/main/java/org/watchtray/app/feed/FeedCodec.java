package org.watchtray.app.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.watchtray.app.history.EventCodec;
import org.watchtray.app.settings.SettingsProblem;
import org.watchtray.app.settings.SettingsWire;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.source.SourceStatus;

/**
 * One {@link FeedMessage} as one line of ASCII JSON and back. Events are described as the
 * history describes them ({@link EventCodec}), settings as the settings file does.
 */
public final class FeedCodec {
    private final ObjectMapper json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private final EventCodec events = new EventCodec();

    /** The line for {@code m}, without its newline. */
    public String encode(FeedMessage m) {
        ObjectNode n = json.createObjectNode();
        switch (m) {
            case FeedMessage.Hello h -> n.put("type", "hello").put("pid", h.pid()).put("open_timeline", h.openTimeline());
            case FeedMessage.Ready r -> n.put("type", "ready");
            case FeedMessage.Shown s -> n.put("type", "shown").put("seq", s.seq());
            case FeedMessage.Seen s -> n.put("type", "seen");
            case FeedMessage.MarkAllRead r -> n.put("type", "mark_all_read");
            case FeedMessage.ApplySettings a -> n.put("type", "apply_settings").put("seq", a.seq())
                    .set("settings", SettingsWire.write(a.settings()));
            case FeedMessage.SyncHistory s -> n.put("type", "sync_history").put("seq", s.seq());
            case FeedMessage.Unavailable u -> n.put("type", "unavailable").put("reason", u.reason());
            case FeedMessage.Welcome w -> {
                n.put("type", "welcome").put("history_file", w.historyFile()).put("zone", w.zone().getId())
                        .set("settings", SettingsWire.write(w.settings()));
                ArrayNode statuses = n.putArray("statuses");
                w.statuses().forEach(s -> statuses.add(event(new SourceStatusEvent(Instant.EPOCH, s))));
            }
            case FeedMessage.Busy b -> n.put("type", "busy");
            case FeedMessage.Open o -> {
                n.put("type", "open").put("seq", o.seq()).put("target", o.target().name());
                if (o.at() != null) {
                    n.set("at", event(o.at()));
                }
            }
            case FeedMessage.Events e -> {
                n.put("type", "events");
                ArrayNode batch = n.putArray("batch");
                e.batch().forEach(x -> batch.add(event(x)));
            }
            case FeedMessage.SettingsChanged c -> n.put("type", "settings").put("answering", c.answering()).put("saved", c.saved())
                    .set("settings", SettingsWire.write(c.settings()));
            case FeedMessage.Problem p -> n.put("type", "problem").put("kind", p.problem().kind().name())
                    .put("file", text(p.problem().file())).put("detail", p.problem().detail()).put("aside", text(p.problem().aside()));
            case FeedMessage.HistoryWritten h -> n.put("type", "history_written").put("seq", h.seq());
            case FeedMessage.ZoneChanged z -> n.put("type", "zone").put("zone", z.zone().getId());
            case FeedMessage.Close c -> n.put("type", "close");
        }
        try {
            return json.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a feed message: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The message of one line.
     *
     * @throws IllegalArgumentException when the line is not a message of this version
     */
    public FeedMessage decode(String line) {
        JsonNode n;
        try {
            n = json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a feed line is not JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("a feed line is not a JSON object");
        }
        String type = n.path("type").asText();
        return switch (type) {
            case "hello" -> new FeedMessage.Hello(n.path("pid").asLong(), n.path("open_timeline").asBoolean());
            case "ready" -> new FeedMessage.Ready();
            case "shown" -> new FeedMessage.Shown(n.path("seq").asLong());
            case "seen" -> new FeedMessage.Seen();
            case "mark_all_read" -> new FeedMessage.MarkAllRead();
            case "apply_settings" -> new FeedMessage.ApplySettings(n.path("seq").asLong(), SettingsWire.read(n.path("settings")));
            case "sync_history" -> new FeedMessage.SyncHistory(n.path("seq").asLong());
            case "unavailable" -> new FeedMessage.Unavailable(n.path("reason").asText());
            case "welcome" -> {
                List<SourceStatus> statuses = new ArrayList<>();
                n.path("statuses").forEach(s -> statuses.add(((SourceStatusEvent) event(s)).status()));
                yield new FeedMessage.Welcome(n.path("history_file").isTextual() ? n.get("history_file").asText() : null,
                        SettingsWire.read(n.path("settings")), List.copyOf(statuses), zone(n));
            }
            case "busy" -> new FeedMessage.Busy();
            case "open" -> new FeedMessage.Open(n.path("seq").asLong(), FeedMessage.Target.valueOf(n.path("target").asText()),
                    n.has("at") ? event(n.get("at")) : null);
            case "events" -> {
                List<Event> batch = new ArrayList<>();
                n.path("batch").forEach(e -> batch.add(event(e)));
                yield new FeedMessage.Events(List.copyOf(batch));
            }
            case "settings" -> new FeedMessage.SettingsChanged(n.path("answering").asLong(), SettingsWire.read(n.path("settings")),
                    n.path("saved").asBoolean());
            case "problem" -> new FeedMessage.Problem(new SettingsProblem(SettingsProblem.Kind.valueOf(n.path("kind").asText()),
                    path(n.get("file")), n.path("detail").isTextual() ? n.get("detail").asText() : null, path(n.get("aside"))));
            case "history_written" -> new FeedMessage.HistoryWritten(n.path("seq").asLong());
            case "zone" -> new FeedMessage.ZoneChanged(zone(n));
            case "close" -> new FeedMessage.Close();
            default -> throw new IllegalArgumentException("unknown feed message type '" + type + "'");
        };
    }

    private ObjectNode event(Event e) {
        EventCodec.Encoded enc = events.encode(e);
        ObjectNode n = json.createObjectNode().put("kind", enc.kind()).put("time", e.time().toString()).put("details", enc.details());
        if (!e.raw().isEmpty()) {
            n.put("raw", Base64.getEncoder().encodeToString(e.raw().value()));
        }
        return n;
    }

    private Event event(JsonNode n) {
        byte[] raw = n.path("raw").isTextual() ? Base64.getDecoder().decode(n.get("raw").asText()) : null;
        return events.decode(n.path("kind").asText(), Instant.parse(n.path("time").asText()), n.path("details").asText(), raw);
    }

    /** The message's {@code zone}: a region ID such as Europe/Berlin, or an offset; anything else is no message. */
    private static ZoneId zone(JsonNode n) {
        String id = n.path("zone").asText();
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("a feed line names no time zone ('" + id + "'): " + e.getMessage(), e);
        }
    }

    private static String text(Path p) {
        return p == null ? null : p.toString();
    }

    private static Path path(JsonNode n) {
        return n == null || !n.isTextual() ? null : Path.of(n.asText());
    }
}
