package org.watchtray.app.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.Events;
import org.watchtray.core.event.Event;
import org.watchtray.core.hooks.HookSpec;
import org.watchtray.core.journal.MessageIds;
import org.watchtray.core.pipeline.EventFilter;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.nativeaccess.lab.PrivateJournald;

/**
 * A desktop session's outputs against a real journald: the user's events reach the journal as
 * {@code watchtray}, the agent's kinds do not, the setting turns it off and on live, and the
 * user's hooks run with the session's environment.
 */
class DesktopOutputsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path home;

    @Test
    void userEventsGoToTheJournalTheAgentsDoNotAndTheSettingIsHonoured() throws Exception {
        try (PrivateJournald journald = PrivateJournald.start("wt-desktop")) {
            EventHub hub = new EventHub(EventFilter.ACCEPT_ALL);
            List<Event> reports = new CopyOnWriteArrayList<>();
            Environment env = new Environment(Map.of(DesktopOutputs.JOURNAL_SOCKET_VARIABLE, journald.socket().toString()), home);
            Settings settings = Settings.defaults();
            Instant now = Instant.now();
            try (DesktopOutputs outputs = DesktopOutputs.start(hub, settings, env, Clock.systemUTC(), e -> {
                reports.add(e);
                hub.publish(e);
            })) {
                hub.publish(Events.ticketExpiresSoon("alice@EXAMPLE.ORG", Duration.ofMinutes(15), now));
                hub.publish(Events.poolAt("253:4", 90, 91.5, now));
                hub.publish(Events.usbError("1-1.2", now));
                hub.publish(Events.remountedReadOnly("/home", now)); // barrier: after the two that must not arrive
                List<Map<String, String>> got = journald.await(l -> l.stream().anyMatch(e -> "mounts.remounted_ro".equals(e.get("WATCHTRAY_EVENT"))),
                        WAIT, "SYSLOG_IDENTIFIER=watchtray");
                List<String> names = got.stream().map(e -> e.get("WATCHTRAY_EVENT")).toList();
                assertTrue(names.contains("kerberos.expires_soon"), names.toString());
                assertTrue(names.contains("meta.source_status"), "the journal's own status: " + names);
                assertTrue(names.stream().noneMatch(n -> n.startsWith("thinpool.") || n.startsWith("usb.")), names.toString());
                Map<String, String> ticket = got.stream().filter(e -> "kerberos.expires_soon".equals(e.get("WATCHTRAY_EVENT"))).findFirst().orElseThrow();
                assertEquals(MessageIds.of("kerberos.expires_soon").orElseThrow(), ticket.get("MESSAGE_ID"));
                assertEquals("alice@EXAMPLE.ORG", ticket.get("WATCHTRAY_PRINCIPAL"));
                assertEquals("4", ticket.get("PRIORITY"), "a warning");

                outputs.apply(SettingsBuilder.from(settings).journal(new Settings.Journal(false)).build());
                hub.publish(Events.ticketExpiresSoon("off@EXAMPLE.ORG", Duration.ofMinutes(15), now));
                outputs.apply(settings);
                hub.publish(Events.ticketExpiresSoon("on@EXAMPLE.ORG", Duration.ofMinutes(15), now));
                List<Map<String, String>> after = journald.await(l -> l.stream().anyMatch(e -> "on@EXAMPLE.ORG".equals(e.get("WATCHTRAY_SUBJECT"))),
                        WAIT, "SYSLOG_IDENTIFIER=watchtray", "WATCHTRAY_EVENT=kerberos.expires_soon");
                assertTrue(after.stream().noneMatch(e -> "off@EXAMPLE.ORG".equals(e.get("WATCHTRAY_SUBJECT"))),
                        "nothing was journaled while the setting was off");
            }
        }
    }

    @Test
    void theUsersHooksRunWithTheSessionsEnvironment() throws Exception {
        Path out = home.resolve("hook-out");
        Path hook = home.resolve("notify");
        Files.writeString(hook, "#!/bin/sh\nprintf '%s|%s|%s' \"$HOME\" \"$DISPLAY\" \"$WATCHTRAY_PRINCIPAL\" > \"$1.tmp\"\ncat > \"$1.json\"\nmv \"$1.tmp\" \"$1\"\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        EventHub hub = new EventHub(EventFilter.ACCEPT_ALL);
        Environment env = new Environment(Map.of("DISPLAY", ":77", "HOME", home.toString(),
                DesktopOutputs.JOURNAL_SOCKET_VARIABLE, home.resolve("no-journald").toString()), home);
        Settings settings = SettingsBuilder.from(Settings.defaults())
                .hooks(List.of(HookSpec.of("notify", List.of(hook.toString(), out.toString()), List.of("kerberos.expires_soon")))).build();
        try (DesktopOutputs outputs = DesktopOutputs.start(hub, settings, env, Clock.systemUTC(), e -> { })) {
            hub.publish(Events.ticketExpiresSoon("alice@EXAMPLE.ORG", Duration.ofMinutes(15), Instant.now()));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!Files.exists(out) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(home + "|:77|alice@EXAMPLE.ORG", Files.readString(out));
            JsonNode json = new ObjectMapper().readTree(home.resolve("hook-out.json").toFile());
            assertEquals("kerberos.expires_soon", json.path("event").asText());
            assertEquals("alice@EXAMPLE.ORG", json.path("details").path("principal").asText());
        }
    }

    /**
     * A user's hook that fails (a real script: exit status 4 and a hostile stderr) is a warning in
     * the timeline's history (a real SQLite file) and in the tray, which counts it until the hook
     * works again.
     */
    @Test
    void aFailingHookIsAWarningInTheHistoryAndTheTrayUntilItWorksAgain() throws Exception {
        Path hook = home.resolve("mail-me");
        Files.writeString(hook, "#!/bin/sh\nprintf '<b>smtp</b> refused\\033]0;pwned\\007\\nmore\\n' >&2\nexit 4\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        EventHub hub = new EventHub(EventFilter.ACCEPT_ALL);
        org.watchtray.app.desktop.tray.TrayModel tray = new org.watchtray.app.desktop.tray.TrayModel(5);
        hub.subscribe("tray", tray);
        Path file = home.resolve("history.db");
        List<Event> reports = new CopyOnWriteArrayList<>();
        Environment env = new Environment(Map.of(DesktopOutputs.JOURNAL_SOCKET_VARIABLE, home.resolve("no-journald").toString()), home);
        Settings settings = SettingsBuilder.from(Settings.defaults()).journal(new Settings.Journal(false))
                .hooks(List.of(HookSpec.of("mail-me", List.of(hook.toString()), List.of("usb.added")))).build();
        try (org.watchtray.app.history.SqliteHistoryStore store = org.watchtray.app.history.SqliteHistoryStore.open(file, Clock.systemUTC(), e -> { })) {
            hub.subscribe("history", store::append);
            try (DesktopOutputs outputs = DesktopOutputs.start(hub, settings, env, Clock.systemUTC(), e -> {
                reports.add(e);
                hub.publish(e);
            })) {
                // An info event: nothing but the hook's failure asks for attention.
                hub.publish(Events.usbAdded("1-1", Instant.now()));
                org.watchtray.core.event.SourceStatusEvent failed = awaitHookReport(reports, org.watchtray.core.source.SourceStatus.State.DEGRADED, 0);
                assertEquals("hook 'mail-me' (" + hook + ")", failed.status().mechanism());
                assertTrue(failed.status().reason().startsWith("exited with status 4 on usb.added \u201c1-1\u201d"),
                        failed.status().reason());
                assertTrue(failed.status().reason().endsWith("; stderr: <b>smtp</b> refused\\x1b]0;pwned\\x07"), failed.status().reason());
                assertEquals(org.watchtray.icons.Icons.State.WARNING, tray.state().icon(), "the tray asks for attention");
                assertEquals(1, tray.state().attention());
                var stored = store.query(org.watchtray.core.history.HistoryStore.Query.all(50)).stream()
                        .map(org.watchtray.core.history.HistoryStore.StoredEvent::event)
                        .filter(e -> e instanceof org.watchtray.core.event.SourceStatusEvent s && s.hookTrouble()).toList();
                assertEquals(1, stored.size(), "in the history");
                assertEquals(org.watchtray.core.event.Severity.WARNING, stored.getFirst().severity());
                assertEquals(failed.status(), ((org.watchtray.core.event.SourceStatusEvent) stored.getFirst()).status());

                Files.writeString(hook, "#!/bin/sh\nexit 0\n");
                int before = reports.size();
                hub.publish(Events.usbAdded("1-2", Instant.now()));
                assertEquals("1 hook: mail-me", awaitHookReport(reports, org.watchtray.core.source.SourceStatus.State.ACTIVE, before).status().mechanism());
                assertEquals(org.watchtray.icons.Icons.State.NORMAL, tray.state().icon(), "working again: no more attention");
            }
        }
    }

    /** The first hooks status in {@code state} reported from index {@code from} on. */
    private static org.watchtray.core.event.SourceStatusEvent awaitHookReport(List<Event> reports, org.watchtray.core.source.SourceStatus.State state,
                                                                              int from) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Event e : reports.subList(from, reports.size())) {
                if (e instanceof org.watchtray.core.event.SourceStatusEvent s && s.status().source() == org.watchtray.core.event.SourceId.HOOKS
                        && s.status().state() == state) {
                    return s;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no hooks report " + state + ": " + reports);
    }
}
