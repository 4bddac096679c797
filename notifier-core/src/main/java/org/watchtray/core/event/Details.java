package org.watchtray.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The typed fields of an event in a stable order, for JSON, the detail pane and history.
 * Values are String, Long, Integer, Double, Boolean, Instant or Duration; nulls are skipped
 * so absent facts are absent rather than "null".
 */
public final class Details {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public static Details of() {
        return new Details();
    }

    public Details put(String name, Object value) {
        if (value == null) {
            return this;
        }
        if (!(value instanceof String || value instanceof Long || value instanceof Integer
                || value instanceof Double || value instanceof Boolean || value instanceof Instant
                || value instanceof Duration)) {
            throw new IllegalArgumentException("unsupported detail type " + value.getClass() + " for " + name);
        }
        fields.put(name, value);
        return this;
    }

    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(fields);
    }
}
