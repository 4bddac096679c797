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
}
