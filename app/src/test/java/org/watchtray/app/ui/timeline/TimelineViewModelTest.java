package org.watchtray.app.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.watchtray.app.testing.Fx;
import org.watchtray.nativeaccess.testing.MutableClock;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.history.HistoryStore.StoredEvent;

class TimelineViewModelTest {
    private static final org.watchtray.app.text.EventText WORDS =
            new org.watchtray.app.text.EventText(org.watchtray.app.text.Messages.english(java.time.ZoneOffset.UTC));
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofHours(1)));
    private final AtomicInteger markedRead = new AtomicInteger();

    private TimelineViewModel model(int capacity) {
        return Fx.call(() -> new TimelineViewModel(clock, capacity, markedRead::incrementAndGet));
    }

    private static UsbEvent resetOn(String port, Instant t) {
        return new UsbEvent(t, UsbEvent.Change.RESET, port, "", "", 0, 1, 0);
    }

    private static List<String> summaries(TimelineViewModel m) {
        return Fx.call(() -> m.rows().stream().map(r -> WORDS.summary(r.event()) + (r.count() > 1 ? " " + WORDS.repeats(r.count(), r.first(), r.last()) : "")).toList());
    }

    @Test
    void repeatsWithinFiveMinutesOfEachOtherBecomeOneRowWithTheirCount() {
        TimelineViewModel m = model(1000);
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            batch.add(resetOn("1-4", T0.plusSeconds(i * 27L)));   // 12 resets over 4 min 57 s
        }
        Fx.run(() -> m.accept(batch.subList(0, 6)));
        Fx.run(() -> m.accept(batch.subList(6, batch.size())));
        Fx.run(() -> m.accept(List.of(resetOn("1-5", T0.plusSeconds(400)))));   // another port: its own row
        assertEquals(List.of("USB 1-5 was reset", "USB 1-4 was reset \u00d712 in 5 min"), summaries(m));
        Fx.run(() -> m.accept(List.of(resetOn("1-4", T0.plusSeconds(420)))));
        assertEquals(List.of("USB 1-4 was reset", "USB 1-5 was reset", "USB 1-4 was reset \u00d712 in 5 min"), summaries(m),
                "a repeat after another port's event is a new row: the 1-5 reset stays between them");
        Fx.run(() -> m.accept(List.of(resetOn("1-4", T0.plusSeconds(420 + 301)))));
        assertEquals(4, m.rows().size(), "more than five minutes later: a new row");
        assertEquals(15, Fx.call(() -> m.unreadCount().get()), "a group counts each event");
    }

    @Test
    void theSelectionStaysOnItsEventWhenRowsMergeIntoItOrArriveAboveIt() {
        TimelineViewModel m = model(1000);
        Fx.run(() -> m.accept(List.of(resetOn("1-4", T0), resetOn("2-1", T0.plusSeconds(5)))));
        TimelineRow chosen = Fx.call(() -> m.rows().get(1));
        assertEquals("1-4", chosen.event().subject());
        Fx.run(() -> m.select(chosen));

        Fx.run(() -> m.accept(List.of(resetOn("3-1", T0.plusSeconds(10)))));   // a row above
        assertSame(chosen, m.selected().get());
        assertEquals("USB 1-4 was reset", m.detail().get().title());

        // A late repeat of the selected event lands next to it and folds into it: the selection follows.
        Fx.run(() -> m.accept(List.of(resetOn("1-4", T0.minusSeconds(3)))));
        TimelineRow merged = m.selected().get();
        assertEquals("1-4", merged.event().subject());
        assertEquals(2, merged.count());
        assertTrue(Fx.call(() -> m.rows().contains(merged)));
        assertEquals("2 (\u00d72 in 3 s)", m.detail().get().fields().stream().filter(f -> f.label().equals("Occurrences"))
                .findFirst().orElseThrow().value());

        // The table reporting another row while the rows change is not the user's choice.
        Fx.run(() -> m.accept(List.of(resetOn("4-1", T0.plusSeconds(20)))));
        assertSame(merged, m.selected().get());
    }

    @Test
    void theDetailPaneShowsNothingTheFilterHides() {
        TimelineViewModel m = model(1000);
        Fx.run(() -> m.accept(List.of(resetOn("1-4", T0), new MountEvent(T0.plusSeconds(1), MountEvent.Change.MOUNTED, 9, "/mnt/a",
                null, "ext4", "/dev/x", "rw", null))));
        TimelineRow usb = Fx.call(() -> m.rows().get(1));
        Fx.run(() -> m.select(usb));
        assertEquals("USB 1-4 was reset", m.detail().get().title());
        Fx.run(() -> m.setSources(Set.of(SourceId.MOUNTS)));
        assertNull(m.selected().get(), "the selected row is filtered away");
        assertNull(m.detail().get());
        Fx.run(() -> m.setSources(Set.of()));
        Fx.run(() -> m.select(usb));
        Fx.run(() -> m.setText("1-4"));
        assertSame(usb, m.selected().get(), "a filter that still shows the row keeps it");
    }

    @Test
    void rowsAreInTimeOrderWhateverOrderTheEventsArriveIn() {
        TimelineViewModel m = model(1000);
        Instant t = Instant.parse("2025-03-01T13:08:27Z");
        Fx.run(() -> m.accept(List.of(resetOn("a", t.plusSeconds(2)), resetOn("b", t))));
        Fx.run(() -> m.accept(List.of(resetOn("c", t.plusSeconds(1)), resetOn("d", t.plusSeconds(1)))));
        assertEquals(List.of("a", "d", "c", "b"), Fx.call(() -> m.rows().stream().map(r -> r.event().subject()).toList()),
                "13:08:29, then the two at 13:08:28 (the later arrival first), then 13:08:27");
        Fx.run(() -> m.setText("1"));
        Fx.run(() -> m.setText(""));
        assertEquals(List.of("a", "d", "c", "b"), Fx.call(() -> m.rows().stream().map(r -> r.event().subject()).toList()),
                "the same order after the filter changes");
    }

    @Test
    void lossMarkersAreNeverGroupedAndNeverFilteredAway() {
        TimelineViewModel m = model(1000);
        Fx.run(() -> m.accept(List.of(
                new LossEvent(T0, SourceId.META, 40, "the window could not keep up"),
                new LossEvent(T0.plusSeconds(1), SourceId.META, 40, "the window could not keep up"),
                resetOn("1-1", T0.plusSeconds(2)))));
        Fx.run(() -> {
            m.setSources(Set.of(SourceId.KEYS));
            m.setMinSeverity(Severity.CRITICAL);
        });
        assertEquals(2, m.rows().size(), "both markers stay, the reset is filtered");
        assertTrue(m.rows().stream().allMatch(TimelineRow::isLossMarker));
    }

    @Test
    void filtersBySourceSeverityTimeAndText() {
        TimelineViewModel m = model(1000);
        List<Event> all = SampleEvents.everyFamily(T0);
        Fx.run(() -> m.accept(all));
        assertEquals(all.size(), m.rows().size(), "different objects: nothing grouped");

        Fx.run(() -> m.setSources(Set.of(SourceId.USB, SourceId.MOUNTS)));
        assertEquals(List.of("meta", "usb", "usb", "mounts", "mounts"),
                Fx.call(() -> m.rows().stream().map(r -> r.event().source().wireName()).toList()),
                "the loss marker (meta) stays visible");

        Fx.run(() -> m.setMinSeverity(Severity.CRITICAL));
        assertEquals(List.of("meta.loss", "usb.over_current", "mounts.remounted_ro"),
                Fx.call(() -> m.rows().stream().map(r -> r.event().name()).toList()));

        Fx.run(() -> {
            m.setSources(Set.of());
            m.setMinSeverity(Severity.INFO);
            m.setText("EXAMPLE.org");
        });
        assertEquals(List.of("bob@EXAMPLE.ORG", "alice@EXAMPLE.ORG"), subjectsBesideLossMarkers(m), "case-insensitive, in the principal");
        Fx.run(() -> m.setText("persistent:1000"));
        assertEquals(List.of("alice@EXAMPLE.ORG"), subjectsBesideLossMarkers(m), "found in a detail field (the cache)");

        Fx.run(() -> m.setText(""));
        clock.advance(Duration.ofMinutes(30));   // the samples are now 90 minutes old
        List<Event> recent = List.of(resetOn("9-9", clock.instant().minusSeconds(60)));
        Fx.run(() -> {
            m.accept(recent);
            m.setTimeRange(TimeRange.LAST_HOUR);
        });
        assertEquals(List.of("9-9"), subjectsBesideLossMarkers(m));
        Fx.run(() -> m.setTimeRange(TimeRange.ALL));
        assertEquals(all.size() + 1, m.rows().size());
    }

    private static List<String> subjectsBesideLossMarkers(TimelineViewModel m) {
        return Fx.call(() -> m.rows().stream().filter(r -> !r.isLossMarker()).map(r -> r.event().subject()).toList());
    }

    @Test
    void liveEventsThatPassTheFilterAppearOnTopAndOthersDoNot() {
        TimelineViewModel m = model(1000);
        Fx.run(() -> m.setSources(Set.of(SourceId.MOUNTS)));
        Fx.run(() -> m.accept(List.of(resetOn("1-1", T0),
                new MountEvent(T0.plusSeconds(1), MountEvent.Change.MOUNTED, 9, "/mnt/a", null, "ext4", "/dev/x", "rw", null))));
        assertEquals(List.of("/mnt/a"), Fx.call(() -> m.rows().stream().map(r -> r.event().subject()).toList()));
        assertEquals(2, m.totalRows().get());
    }

    @Test
    void markAllReadClearsTheUnreadStateAndTellsTheHistory() {
        TimelineViewModel m = model(1000);
        Fx.run(() -> m.accept(SampleEvents.everyFamily(T0)));
        assertEquals(14, m.unreadCount().get());
        assertEquals(Severity.CRITICAL, m.worstUnreadSeverity().get());
        Fx.run(m::markAllRead);
        assertEquals(0, m.unreadCount().get());
        assertNull(m.worstUnreadSeverity().get(), "the tray goes back to normal");
        assertEquals(1, markedRead.get());
        assertFalse(Fx.call(() -> m.rows().stream().anyMatch(m::isUnread)));
        Fx.run(() -> m.accept(List.of(resetOn("1-1", T0.plusSeconds(99)))));
        assertEquals(1, m.unreadCount().get());
        assertEquals(Severity.NOTICE, m.worstUnreadSeverity().get());
    }

    @Test
    void theRecentPastFromTheHistoryTakesItsPlaceInTimeWithItsReadState() {
        TimelineViewModel m = model(1000);
        List<Event> past = SampleEvents.everyFamily(T0);
        List<StoredEvent> stored = new ArrayList<>();
        for (int i = 0; i < past.size(); i++) {
            stored.add(new StoredEvent(i + 1, i < 10, past.get(i)));   // the first ten were read before the restart
        }
        Event live = resetOn("7-7", T0.plusSeconds(500));
        Event liveButOlder = resetOn("6-6", T0.plusSeconds(4).plusMillis(500));
        Fx.run(() -> m.accept(List.of(live, past.getLast(), liveButOlder)));   // the last was also written before the read-back
        Fx.run(() -> m.restore(stored.reversed()));
        assertEquals(past.size() + 2, m.rows().size(), "the event seen live is not shown twice");
        assertEquals(List.of(live, past.getLast(), past.get(past.size() - 2)), List.of(m.rows().get(0).event(), m.rows().get(1).event(),
                m.rows().get(2).event()), "newest first by time");
        int at = Fx.call(() -> m.rows().stream().map(TimelineRow::event).toList().indexOf(liveButOlder));
        assertEquals(past.get(4), m.rows().get(at + 1).event(), "a live event older than the past read back sits among it by time");
        assertEquals(past.get(5), m.rows().get(at - 1).event());
        assertEquals(3 + 3, m.unreadCount().get(), "three live, three unread from before");
        assertEquals(Severity.WARNING, m.worstUnreadSeverity().get(), "the critical ones were read before");
    }

    @Test
    void atCapacityTheOldestRowsGoAndTheirUnreadCountWithThem() {
        TimelineViewModel m = model(100);
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            batch.add(SampleEvents.usbError(T0.plusMillis(i), i, 1000));
        }
        Fx.run(() -> m.accept(batch));
        assertEquals(100, m.totalRows().get());
        assertEquals(100, m.rows().size());
        assertEquals(100, m.unreadCount().get());
        assertEquals("1-249", m.rows().getFirst().event().subject());
        assertEquals("1-150", m.rows().getLast().event().subject());
    }

    @Test
    void selectingARowShowsEveryFieldAndTheRawBytes() {
        TimelineViewModel m = model(1000);
        Fx.run(() -> m.accept(SampleEvents.everyFamily(T0)));
        TimelineRow key = Fx.call(() -> m.rows().getLast());
        Fx.run(() -> m.select(key));
        EventDetail d = m.detail().get();
        assertEquals("Keyring \u201c_ses\u201d (123456789) gained a link: key 100000 linked", d.title());
        assertEquals(List.of("Time", "Source", "Event", "Severity", "Object", "Serial", "Type", "Description", "Other key", "Seen through"),
                d.fields().stream().map(EventDetail.Field::label).toList());
        assertEquals("0000  01 00 00 02 10 00 00 00  |........|\n0008  15 cd 5b 07 a0 86 01 00  |..[.....|\n", d.rawHex());

        TimelineRow hostile = Fx.call(() -> m.rows().stream().filter(r -> r.event() instanceof KeyEvent k && k.serial() == 42).findFirst().orElseThrow());
        Fx.run(() -> m.select(hostile));
        String description = m.detail().get().fields().stream().filter(f -> f.label().equals("Description")).findFirst().orElseThrow().value();
        assertEquals("token\\n<b>fake</b> \\x1b[31m\ud800", description, "control characters visible, markup as text");
        assertEquals("", m.detail().get().rawHex(), "no record, no hex");
    }

    @Test
    void exportingWritesToTheCallersWriterWithoutClosingIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        TimelineViewModel m = model(1000);
        Fx.run(() -> m.accept(List.of(resetOn("1-2", T0))));
        java.nio.file.Path file = dir.resolve("events.json");
        try (java.io.Writer out = java.nio.file.Files.newBufferedWriter(file)) {
            Fx.run(() -> {
                try {
                    m.exportJson(out);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            out.flush();   // a writer Jackson had closed would throw "Stream closed" here, as the export dialog's did
        }
        assertEquals(1, new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()).size());
    }

    @Test
    void csvExportIsRfc4180AndSafeFromFormulas() throws Exception {
        TimelineViewModel m = model(1000);
        Fx.run(() -> m.accept(List.of(
                new MountEvent(T0, MountEvent.Change.MOUNTED, 3, "=cmd|' /C calc'!A0", null, "ext4", "/dev/sdz", "rw", null),
                new MountEvent(T0.plusSeconds(1), MountEvent.Change.MOUNTED, 4, "/mnt/a,b\nc \"q\"", null, "ext4", "-dev", "rw", null),
                resetOn("1-2", T0.plusSeconds(2)), resetOn("1-2", T0.plusSeconds(62)))));
        StringWriter out = new StringWriter();
        Fx.run(() -> {
            try {
                m.exportCsv(out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String[] lines = out.toString().split("\r\n", -1);
        assertEquals(5, lines.length, "header, three rows, and the CRLF that ends the last");
        assertEquals("time,source,severity,event,object,summary,count,first_time,details", lines[0]);
        assertEquals("2025-03-01T10:01:02Z,usb,notice,usb.reset,1-2,USB 1-2 was reset,2,2025-03-01T10:00:02Z,port=1-2; count=1", lines[1],
                "the group is one line with its count and first time");
        assertEquals("2025-03-01T10:00:01Z,mounts,info,mounts.mounted,\"/mnt/a,b\nc \"\"q\"\"\","
                + "\"ext4 -dev mounted at \u201c/mnt/a,b\\nc \"\"q\"\"\u201d\",1,2025-03-01T10:00:01Z,"
                + "\"mount_id=4; mount_point=/mnt/a,b\nc \"\"q\"\"; fstype=ext4; device=-dev; options=rw\"", lines[2],
                "commas, quotes and a newline quoted; the newline kept inside the cell");
        assertTrue(lines[3].startsWith("2025-03-01T10:00:00Z,mounts,info,mounts.mounted,'=cmd|' /C calc'!A0,"),
                "a cell that starts like a formula gets an apostrophe: " + lines[3]);
        assertEquals("", lines[4]);
        StringWriter json = new StringWriter();
        Fx.run(() -> {
            try {
                m.exportJson(json);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toString());
        assertEquals(3, tree.size(), "the same rows as JSON");
        assertEquals(2, tree.get(0).get("count").asInt());
        assertEquals("2025-03-01T10:00:02Z", tree.get(0).get("first_time").asText());
        assertEquals("=cmd|' /C calc'!A0", tree.get(2).get("subject").asText(), "JSON keeps the value as it is");
        assertEquals("'-dev", CsvExport.cell("-dev"));
        assertEquals("'+1", CsvExport.cell("+1"));
        assertEquals("'@SUM(A1)", CsvExport.cell("@SUM(A1)"));
        assertEquals("\"a \"\"b\"\"\"", CsvExport.cell("a \"b\""));
    }
}
