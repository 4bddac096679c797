package org.watchtray.app.ui.timeline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.watchtray.app.cli.EventJson;

/**
 * The timeline's rows as a JSON array of the same objects {@code watchtray monitor --json}
 * prints (the CLI's {@link EventJson}), with {@code count} and {@code first_time} for groups.
 */
public final class JsonExport {
    /** The caller owns the writer: Jackson must not close it (a closed BufferedWriter then fails the caller's flush). */
    private static final ObjectMapper MAPPER = new ObjectMapper().configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    private JsonExport() {
    }

    public static void write(List<TimelineRow> rows, Writer out) throws IOException {
        EventJson json = new EventJson();
        ArrayNode all = MAPPER.createArrayNode();
        for (TimelineRow r : rows) {
            ObjectNode n = json.toNode(r.event());
            if (r.count() > 1) {
                n.put("count", r.count()).put("first_time", r.first().toString());
            }
            all.add(n);
        }
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, all);
        out.flush();
    }
}
