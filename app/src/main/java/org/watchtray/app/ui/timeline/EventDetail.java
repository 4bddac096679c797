package org.watchtray.app.ui.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.watchtray.core.event.Bytes;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
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

    /**
     * The detail of {@code row} in the user's language: labels from the bundle (a field the bundle
     * does not know keeps its machine name), times in the user's locale and zone with the exact
     * instant beside them, durations in words with their ISO form, names made visible.
     */
    public static EventDetail of(TimelineRow row, EventText words) {
        Event e = row.event();
        Messages m = words.messages();
        List<Field> out = new ArrayList<>();
        out.add(new Field(m.text("detail.time"), m.dateTime(e.time()) + "  (" + e.time() + ")"));
        out.add(new Field(m.text("detail.source"), words.sourceLabel(e.source())));
        out.add(new Field(m.text("detail.event"), e.name()));
        out.add(new Field(m.text("detail.severity"), words.severity(e.severity())));
        out.add(new Field(m.text("detail.object"), Text.visible(e.subject() == null ? "" : e.subject())));
        if (row.count() > 1) {
            out.add(new Field(m.text("detail.occurrences"), m.format("detail.occurrences.value", row.count(),
                    words.repeats(row.count(), row.first(), row.last()))));
            out.add(new Field(m.text("detail.first"), m.dateTime(row.first())));
            out.add(new Field(m.text("detail.last"), m.dateTime(row.last())));
        }
        for (Map.Entry<String, Object> d : e.details().entrySet()) {
            String key = "field." + d.getKey();
            out.add(new Field(m.has(key) ? m.text(key) : d.getKey(), value(d.getValue(), m)));
        }
        Bytes raw = e.raw();
        return new EventDetail(words.summary(e), out, raw.isEmpty() ? "" : hexDump(raw.value()));
    }

    private static String value(Object v, Messages m) {
        return switch (v) {
            case Instant t -> m.dateTime(t);
            case Duration d -> m.duration(d) + " (" + d + ")";
            case String s -> Text.visible(s);
            case Boolean b -> m.text(b ? "yes" : "no");
            case Double x -> java.text.NumberFormat.getNumberInstance(m.locale()).format(x);
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
