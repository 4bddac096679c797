package org.watchtray.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.Event;

class MessageIdsTest {
    static final Path DOC = Path.of("..", "docs", "journal.md");
    /** A row of the doc's table: | `thinpool.data_threshold` | `0123…` | … */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+\\.[a-z_]+)` \\| `([0-9a-f]{32})` \\|.*");

    @Test
    void everyEventTypeHasAnId() {
        Set<String> missing = new TreeSet<>();
        for (Event e : EveryEventType.all()) {
            if (MessageIds.of(e.name()).isEmpty()) {
                missing.add(e.name());
            }
        }
        assertEquals(Set.of(), missing, "event types without a MESSAGE_ID: add them to MessageIds, docs/journal.md and watchtray.catalog");
    }

    @Test
    void theSampleCoversEveryEventFamily() {
        Set<Class<?>> permitted = Set.of(Event.class.getPermittedSubclasses());
        assertEquals(permitted, Set.copyOf(EveryEventType.families()),
                "a new event family: build one of each of its types in EveryEventType");
    }

    @Test
    void theTableHasNoStaleNamesAndNoDuplicateIds() {
        Set<String> produced = new HashSet<>();
        EveryEventType.all().forEach(e -> produced.add(e.name()));
        Set<String> ids = new HashSet<>();
        for (MessageIds.Entry e : MessageIds.all()) {
            assertTrue(produced.contains(e.event()), "no event is named " + e.event());
            assertTrue(ids.add(e.id()), "ID used twice: " + e.id());
        }
    }

    @Test
    void theDocumentedTableIsTheCodeTable() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                documented.put(m.group(1), m.group(2));
            }
        }
        Map<String, String> code = new LinkedHashMap<>();
        MessageIds.all().forEach(e -> code.put(e.event(), e.id()));
        assertEquals(code, documented, DOC + " lists other IDs than MessageIds");
        assertEquals(List.copyOf(code.keySet()), List.copyOf(documented.keySet()), "same order as the code");
    }

    @Test
    void releasedIdsNeverChange() throws IOException {
        // Append-only record of released IDs: a filter or alert rule written against one must keep working.
        try (var in = MessageIdsTest.class.getResourceAsStream("released-message-ids.txt")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] eventAndId = line.split(" ");
                assertEquals(java.util.Optional.of(eventAndId[1]), MessageIds.of(eventAndId[0]), "released ID of " + eventAndId[0]);
            }
        }
    }
}
