package org.watchtray.app.ui.timeline;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;

/**
 * The timeline's rows as RFC 4180 CSV: a header, CRLF line ends, fields quoted when they hold
 * a comma, quote, CR or LF, quotes doubled. A cell that a spreadsheet would take for a formula
 * (starting with =, +, -, @, tab or CR) gets a leading apostrophe, so a hostile key description
 * like {@code =HYPERLINK(…)} stays text.
 */
public final class CsvExport {
    static final List<String> HEADER = List.of("time", "source", "severity", "event", "object", "summary", "count", "first_time", "details");

    private CsvExport() {
    }

    public static void write(List<TimelineRow> rows, Writer out) throws IOException {
        line(out, HEADER);
        for (TimelineRow r : rows) {
            Event e = r.event();
            line(out, List.of(e.time().toString(), e.source().wireName(), e.severity().wireName(), e.name(),
                    e.subject() == null ? "" : e.subject(), EnglishSummary.of(e), Integer.toString(r.count()), r.first().toString(),
                    details(e.details())));
        }
        out.flush();
    }

    private static String details(Map<String, Object> details) {
        StringJoiner j = new StringJoiner("; ");
        details.forEach((k, v) -> j.add(k + "=" + (v instanceof Duration d ? d.toString() : String.valueOf(v))));
        return j.toString();
    }

    private static void line(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
