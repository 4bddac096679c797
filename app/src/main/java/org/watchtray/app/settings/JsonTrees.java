package org.watchtray.app.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The three tree operations the settings layers need. Objects nest; anything else (numbers,
 * strings, arrays) is a leaf and is replaced whole, so a list in the user's file replaces the
 * admin's list rather than being appended to it.
 */
final class JsonTrees {
    private JsonTrees() {
    }

    /** {@code over} laid on top of {@code base}; neither is modified. */
    static ObjectNode merge(ObjectNode base, ObjectNode over) {
        ObjectNode out = base.deepCopy();
        for (Map.Entry<String, JsonNode> e : over.properties()) {
            JsonNode mine = out.get(e.getKey());
            if (mine instanceof ObjectNode m && e.getValue() instanceof ObjectNode o) {
                out.set(e.getKey(), merge(m, o));
            } else {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return out;
    }

    /** The fields of {@code input} that {@code known} has no field for, at any depth. */
    static ObjectNode unknownPart(ObjectNode input, ObjectNode known) {
        ObjectNode out = input.objectNode();
        for (Map.Entry<String, JsonNode> e : input.properties()) {
            JsonNode k = known.get(e.getKey());
            if (k == null) {
                out.set(e.getKey(), e.getValue().deepCopy());
            } else if (k instanceof ObjectNode ko && e.getValue() instanceof ObjectNode io) {
                ObjectNode inner = unknownPart(io, ko);
                if (!inner.isEmpty()) {
                    out.set(e.getKey(), inner);
                }
            }
        }
        return out;
    }

    /** The fields of {@code full} whose value differs from {@code base}, at any depth. */
    static ObjectNode changedPart(ObjectNode full, ObjectNode base) {
        ObjectNode out = full.objectNode();
        for (Map.Entry<String, JsonNode> e : full.properties()) {
            JsonNode b = base.get(e.getKey());
            if (b instanceof ObjectNode bo && e.getValue() instanceof ObjectNode fo) {
                ObjectNode inner = changedPart(fo, bo);
                if (!inner.isEmpty()) {
                    out.set(e.getKey(), inner);
                }
            } else if (!e.getValue().equals(b)) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return out;
    }
}
