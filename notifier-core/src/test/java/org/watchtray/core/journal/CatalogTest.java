package org.watchtray.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.Event;

/**
 * The message catalog the package installs (packaging/src/main/resources/catalog/watchtray.catalog)
 * against the code's table: one entry per ID, in the same order, each with a subject, an
 * explanation and a "What to do", and every {@code @FIELD@} it names present in the entry of
 * that type. packaging's CatalogJournalctlTest shows the text through {@code journalctl -x}.
 */
class CatalogTest {
    static final Path CATALOG = Path.of("..", "packaging", "src", "main", "resources", "catalog", "watchtray.catalog");
    private static final Pattern VARIABLE = Pattern.compile("@([A-Z0-9_]+)@");

    record CatalogEntry(String id, Map<String, String> headers, String body) {
    }

    static List<CatalogEntry> entries() throws IOException {
        List<CatalogEntry> out = new ArrayList<>();
        String id = null;
        Map<String, String> headers = null;
        StringBuilder body = null;
        boolean inHeaders = false;
        for (String line : Files.readAllLines(CATALOG)) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("-- ")) {
                if (id != null) {
                    out.add(new CatalogEntry(id, headers, body.toString().strip()));
                }
                id = line.substring(3).strip();
                headers = new LinkedHashMap<>();
                body = new StringBuilder();
                inHeaders = true;
            } else if (id != null && inHeaders && line.isEmpty()) {
                inHeaders = false;
            } else if (id != null && inHeaders) {
                int colon = line.indexOf(": ");
                headers.put(line.substring(0, colon), line.substring(colon + 2));
            } else if (id != null) {
                body.append(line).append('\n');
            }
        }
        if (id != null) {
            out.add(new CatalogEntry(id, headers, body.toString().strip()));
        }
        return out;
    }

    @Test
    void oneEntryPerMessageIdInTheTablesOrder() throws IOException {
        assertEquals(MessageIds.all().stream().map(MessageIds.Entry::id).toList(), entries().stream().map(CatalogEntry::id).toList());
    }

    @Test
    void everyEntryExplainsAndSaysWhatToDo() throws IOException {
        for (CatalogEntry e : entries()) {
            assertTrue(e.headers().containsKey("Subject") && !e.headers().get("Subject").isBlank(), e.id());
            assertEquals("watchtray", e.headers().get("Defined-By"), e.id());
            String[] paragraphs = e.body().split("\n\n");
            assertTrue(paragraphs.length >= 2 && paragraphs[0].length() > 20, "an explanation first: " + e.id());
            assertTrue(paragraphs[paragraphs.length - 1].startsWith("What to do: "), "ends with what to do: " + e.id());
        }
    }

    @Test
    void everyFieldAnEntryNamesIsInEntriesOfThatType() throws IOException {
        Map<String, CatalogEntry> byId = entries().stream().collect(Collectors.toMap(CatalogEntry::id, e -> e));
        Set<String> problems = new TreeSet<>();
        for (Event event : EveryEventType.all()) {
            CatalogEntry c = byId.get(MessageIds.of(event.name()).orElseThrow());
            Set<String> fields = JournalEntries.of(event, JournalEntries.DESKTOP).stream().map(JournalField::name)
                    .collect(Collectors.toSet());
            Matcher m = VARIABLE.matcher(c.headers().get("Subject") + "\n" + c.body());
            while (m.find()) {
                if (!fields.contains(m.group(1))) {
                    problems.add(event.name() + " names @" + m.group(1) + "@, which its entries do not have");
                }
            }
        }
        assertEquals(Set.of(), problems);
    }
}
