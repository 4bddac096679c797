package org.watchtray.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.testing.Events;
import org.watchtray.app.wiring.DesktopOutputs;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.hooks.HookSpec;
import org.watchtray.core.pipeline.EventFilter;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.settings.XdgPaths;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.lab.PrivateJournald;
import picocli.CommandLine;

/**
 * {@code watchtray status} answers "is my journal export working, and my hooks?": the app's real
 * outputs first run against a private journald with a failing hook (a real script), their
 * reports going into a real history file, as in the running app; then journald goes away and the
 * journal's failure is recorded too. The status command, run against the same settings and
 * history, prints a line per output with where it writes and the last problem recorded, for the
 * gone journald and for a running one, in text and JSON, and changes no file.
 */
class StatusOutputsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final java.util.function.ToIntFunction<String[]> NO_DESKTOP = args -> {
        throw new AssertionError("these tests never start the tray app");
    };

    @TempDir
    Path home;
    /** The Kerberos source's private, empty cache: outside the home whose files are compared. */
    @TempDir
    Path krb;

    @org.junit.jupiter.api.BeforeEach
    void emptyKerberosConfig() throws IOException {
        Files.writeString(krb.resolve("krb5.conf"), "");
    }

    @Test
    void statusShowsTheJournalTheTextfileAndTheHooksWithTheirLastProblem() throws Exception {
        Path hook = home.resolve("mail-me");
        Files.writeString(hook, "#!/bin/sh\nprintf 'smtp: <b>refused</b>\\033[2J\\nsecond\\n' >&2\nexit 4\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        Settings settings = SettingsBuilder.from(Settings.defaults())
                .hooks(List.of(HookSpec.of("mail-me", List.of(hook.toString()), List.of("kerberos.expires_soon")))).build();
        Path prom = home.resolve("watchtray.prom");
        Files.writeString(prom, "watchtray_up 1\n");
        Path agentConfig = home.resolve("agent.json");
        Files.writeString(agentConfig, "{\"metrics\": {\"textfile\": \"" + prom + "\"}}");
        Map<String, String> dirs = new HashMap<>(Map.of("XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_STATE_HOME", home.resolve("state").toString(), "XDG_CONFIG_DIRS", home.resolve("etc-xdg").toString(),
                OutputStatuses.AGENT_CONFIG_VARIABLE, agentConfig.toString(), "WATCHTRAY_AGENT_SOCKET", home.resolve("agent.sock").toString(),
                "KRB5CCNAME", "FILE:" + krb.resolve("cc"), "KRB5_CONFIG", krb.resolve("krb5.conf").toString()));

        Path goneSocket;
        try (PrivateJournald journald = PrivateJournald.start("wt-status")) {
            goneSocket = journald.socket();
            dirs.put(DesktopOutputs.JOURNAL_SOCKET_VARIABLE, goneSocket.toString());
            runTheApp(new Environment(dirs, home), settings, journald);
        }

        Map<String, String> before = files(home);
        // journald is gone: the export cannot work now, and the last problem says what the app saw.
        List<String> lines = status(new Environment(dirs, home), settings, false);
        String journal = line(lines, "journal");
        assertTrue(journal.matches("journal +unavailable +not running \u2014 no journald is listening \\(no socket at "
                + java.util.regex.Pattern.quote(goneSocket.toString()) + "\\); entries are dropped and counted; last problem .+: "
                + "not running \u2014 no journald is listening \\(.+\\); entries are dropped and counted"), journal);
        assertTrue(line(lines, "metrics").matches("metrics +active +watchtray-agent writes " + java.util.regex.Pattern.quote(prom.toString())
                + " \\(last written .+, \\d+ s ago\\)"), line(lines, "metrics"));
        String hooks = line(lines, "hooks");
        assertTrue(hooks.startsWith("hooks      active       1 hook: mail-me; last problem "), hooks);
        assertTrue(hooks.contains(": hook 'mail-me' (" + hook + ") \u2014 exited with status 4 on kerberos.expires_soon \u201calice@EXAMPLE.ORG\u201d after "),
                hooks);
        assertTrue(hooks.endsWith("; stderr: smtp: <b>refused</b>\\x1b[2J"), "first line, control characters escaped: " + hooks);
        assertFalse(hooks.contains("working again"), hooks);

        try (PrivateJournald journald = PrivateJournald.start("wt-status-2")) {
            dirs.put(DesktopOutputs.JOURNAL_SOCKET_VARIABLE, journald.socket().toString());
            List<String> json = status(new Environment(dirs, home), settings, true);
            JsonNode j = row(json, "journal");
            assertEquals("output", j.path("kind").asText());
            assertEquals("active", j.path("state").asText(), j.toString());
            assertEquals("native protocol to " + journald.socket(), j.path("mechanism").asText());
            assertEquals("unavailable", j.path("last_problem").path("state").asText(), j.toString());
            assertTrue(j.path("last_problem").path("reason").asText().startsWith("no journald is listening ("), j.toString());
            assertTrue(Instant.parse(j.path("last_problem").path("time").asText()).isBefore(Instant.now()));
            JsonNode h = row(json, "hooks");
            assertEquals("1 hook: mail-me", h.path("mechanism").asText());
            assertEquals("hook 'mail-me' (" + hook + ")", h.path("last_problem").path("mechanism").asText());
            assertTrue(h.path("last_problem").path("reason").asText().startsWith("exited with status 4"), h.toString());
            assertEquals("source", row(json, "keys").path("kind").asText(), "the sources are still there, first");
        }
        assertEquals(before, files(home), "status created, changed and moved nothing");
    }

    @Test
    void inAFreshHomeStatusCreatesNothingAndSaysTheJournalIsOnAndThereAreNoHooks() throws Exception {
        Map<String, String> dirs = Map.of("XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_STATE_HOME", home.resolve("state").toString(), "XDG_CONFIG_DIRS", home.resolve("etc-xdg").toString(),
                OutputStatuses.AGENT_CONFIG_VARIABLE, home.resolve("no-agent.json").toString(),
                "WATCHTRAY_AGENT_SOCKET", home.resolve("agent.sock").toString(),
                DesktopOutputs.JOURNAL_SOCKET_VARIABLE, home.resolve("no-journald").toString(),
                "KRB5CCNAME", "FILE:" + krb.resolve("cc"), "KRB5_CONFIG", krb.resolve("krb5.conf").toString());
        List<String> lines = status(new Environment(dirs, home), Settings.defaults(), false);
        assertTrue(line(lines, "journal").startsWith("journal    unavailable  not running \u2014 no journald is listening (no socket at "), lines.toString());
        assertEquals("hooks      disabled     no hooks", line(lines, "hooks"));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("metrics ")), "no textfile without the agent's config: " + lines);
        assertEquals(Map.of(), files(home), "nothing created");
    }

    /** The running app's outputs, recording their reports in its history, until journald went away. */
    private static void runTheApp(Environment env, Settings settings, PrivateJournald journald) throws Exception {
        Path file = new XdgPaths(env).historyFile();
        Files.createDirectories(file.getParent());
        EventHub hub = new EventHub(EventFilter.ACCEPT_ALL);
        List<Event> reports = new CopyOnWriteArrayList<>();
        try (SqliteHistoryStore store = SqliteHistoryStore.open(file, Clock.systemUTC(), e -> { })) {
            hub.subscribe("history", store::append);
            try (DesktopOutputs outputs = DesktopOutputs.start(hub, settings, env, Clock.systemUTC(), e -> {
                reports.add(e);
                hub.publish(e);
            })) {
                hub.publish(Events.ticketExpiresSoon("alice@EXAMPLE.ORG", Duration.ofMinutes(15), Instant.now()));
                journald.await(l -> l.stream().anyMatch(e -> "kerberos.expires_soon".equals(e.get("WATCHTRAY_EVENT"))), WAIT,
                        "SYSLOG_IDENTIFIER=watchtray");
                await(reports, SourceId.HOOKS, SourceStatus.State.DEGRADED);
                journald.close();
                hub.publish(Events.remountedReadOnly("/home", Instant.now()));
                await(reports, SourceId.JOURNAL, SourceStatus.State.UNAVAILABLE);
            }
        }
    }

    private static void await(List<Event> reports, SourceId about, SourceStatus.State state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (reports.stream().noneMatch(e -> e instanceof SourceStatusEvent s && s.status().source() == about && s.status().state() == state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + about.wireName() + " " + state + " report: " + reports);
            }
            Thread.sleep(20);
        }
    }

    private List<String> status(Environment env, Settings settings, boolean json) {
        CliContext context = new CliContext(env, Clock.systemUTC(), problems -> settings);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = WatchtrayCommand.commandLine(context, NO_DESKTOP);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, json ? cl.execute("status", "--json") : cl.execute("status"), err.toString());
        assertFalse(err.toString().contains("watchtray status:"), "no problem reading the history or the agent's config: " + err);
        return List.of(out.toString().strip().split("\n"));
    }

    private static String line(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow(() -> new AssertionError("no " + name + " line: " + lines));
    }

    private static JsonNode row(List<String> lines, String source) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String l : lines) {
            rows.add(JSON.readTree(l));
        }
        return rows.stream().filter(r -> r.path("source").asText().equals(source)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + source + " row: " + lines));
    }

    /** Every file and directory under {@code root} with its size and modification time. */
    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
                out.put(root.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }
}
