package org.watchtray.app.ui.timeline;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.Durations;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Text;

/**
 * Everything the detail pane shows for one row: the common facts, every decoded field of the
 * event in its stable order, and for records the raw bytes as a hex dump. Names from the
 * kernel or users are shown with control characters made visible, never interpreted.
 */
public record EventDetail(String title, List<Field> fields, String rawHex) {

    public record Field(String label, String value) {
    }

    public EventDetail {
        fields = List.copyOf(fields);
    }

    public static EventDetail of(TimelineRow row, ZoneId zone) {
        Event e = row.event();
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS zzz").withZone(zone);
        List<Field> out = new ArrayList<>();
        out.add(new Field("Time", local.format(e.time()) + "  (" + e.time() + ")"));
        out.add(new Field("Source", e.source().wireName()));
        out.add(new Field("Event", e.name()));
        out.add(new Field("Severity", e.severity().wireName()));
        out.add(new Field("Object", Text.visible(e.subject() == null ? "" : e.subject())));
        if (row.count() > 1) {
            out.add(new Field("Occurrences", row.count() + " (" + row.repeatLabel() + ")"));
            out.add(new Field("First", local.format(row.first())));
            out.add(new Field("Last", local.format(row.last())));
        }
        for (Map.Entry<String, Object> d : e.details().entrySet()) {
            out.add(new Field(d.getKey(), value(d.getValue(), local)));
        }
        Bytes raw = e.raw();
        return new EventDetail(e.summary(), out, raw.isEmpty() ? "" : hexDump(raw.value()));
    }

    private static String value(Object v, DateTimeFormatter local) {
        return switch (v) {
            case Instant t -> local.format(t);
            case Duration d -> Durations.humanize(d) + " (" + d + ")";
            case String s -> Text.visible(s);
            default -> String.valueOf(v);
        };
    }

    /** 8 bytes a line (it fits the narrow pane): offset, hex, printable ASCII ('.' otherwise). */
    static String hexDump(byte[] b) {
        StringBuilder out = new StringBuilder();
        for (int off = 0; off < b.length; off += 8) {
            out.append(String.format("%04x  ", off));
            StringBuilder ascii = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (off + i < b.length) {
                    int v = b[off + i] & 0xff;
                    out.append(String.format("%02x ", v));
                    ascii.append(v >= 0x20 && v < 0x7f ? (char) v : '.');
                } else {
                    out.append("   ");
                }
            }
            out.append(" |").append(ascii).append("|\n");
        }
        return out.toString();
    }
}
