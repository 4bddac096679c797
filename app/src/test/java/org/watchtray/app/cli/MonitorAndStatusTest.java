package org.watchtray.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import picocli.CommandLine;

/**
 * {@code watchtray monitor --json} and {@code watchtray status} end to end in this process:
 * the real backend and key source, with real keys changed by keyutils' {@code keyctl} in a
 * keyring of the test's own, as a script reading the output would see them.
 */
class MonitorAndStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.function.ToIntFunction<String[]> NO_DESKTOP = args -> {
        throw new AssertionError("these tests never start the tray app");
    };
    private String ring;

    @AfterEach
    void unlinkRing() throws Exception {
        if (ring != null) {
            keyctl("unlink", ring, "@u");
        }
    }

    @Test
    void monitorPrintsOneJsonObjectPerKeyChange() throws Exception {
        ring = keyctl("newring", "watchtray-cli-" + ProcessHandle.current().pid(), "@u");
        CliContext context = contextWatching(ring);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = WatchtrayCommand.commandLine(context, NO_DESKTOP);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        // Every desktop source first reports its status once (keys, kerberos with no ticket in its private
        // cache, mounts, the agent's thin pools and USB), then comes the key change. The list is the
        // product's promise, written here, not read from the code under test.
        List<String> expected = List.of("keys", "kerberos", "mounts", "thinpool", "usb");
        int sources = expected.size();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cl.execute("monitor", "--json", "--count", Integer.toString(sources + 1), "--duration", "30"));
        awaitText(err, "keys:", Duration.ofSeconds(15));
        String key = keyctl("add", "user", "cli <b>&amp; probe", "payload", ring);

        assertEquals(0, exit.get(30, TimeUnit.SECONDS), err.toString());
        // First each source's status (which mechanism, and why), then the key change itself.
        String[] lines = out.toString().strip().split("\n");
        assertEquals(sources + 1, lines.length, out.toString());
        List<String> reported = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            JsonNode status = JSON.readTree(lines[i]);
            assertEquals("meta.source_status", status.get("event").asText(), lines[i]);
            reported.add(status.get("details").get("source").asText());
        }
        assertEquals(expected.stream().sorted().toList(), reported.stream().sorted().toList(), out.toString());
        JsonNode event = JSON.readTree(lines[sources]);
        assertEquals("keys", event.get("source").asText());
        assertTrue(event.get("event").asText().startsWith("keys."), lines[sources]);
        assertTrue(event.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), lines[sources]);
        assertTrue(List.of("info", "notice", "warning", "critical").contains(event.get("severity").asText()));
        assertTrue(event.get("details").isObject());
        // The key's or keyring's serial is named in the typed details.
        String detailText = event.get("details").toString();
        assertTrue(detailText.contains(key) || detailText.contains(ring), detailText);
        assertTrue(err.toString().contains("polling /proc/keys") || err.toString().contains("notification queue"), err.toString());
    }

    /** {@code --source keys}: only the key source runs (one status, not five), and its events come as before. */
    @Test
    void monitorWatchesOnlyTheNamedSources() throws Exception {
        ring = keyctl("newring", "watchtray-cli-only-" + ProcessHandle.current().pid(), "@u");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = WatchtrayCommand.commandLine(contextWatching(ring), NO_DESKTOP);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cl.execute("monitor", "--json", "--source", "keys", "--count", "2", "--duration", "30"));
        awaitText(err, "keys:", Duration.ofSeconds(15));
        keyctl("add", "user", "cli only probe", "payload", ring);

        assertEquals(0, exit.get(30, TimeUnit.SECONDS), err.toString());
        String[] lines = out.toString().strip().split("\n");
        assertEquals(2, lines.length, out.toString());
        JsonNode status = JSON.readTree(lines[0]);
        assertEquals("meta.source_status", status.get("event").asText(), lines[0]);
        assertEquals("keys", status.get("details").get("source").asText(), lines[0]);
        assertEquals("keys", JSON.readTree(lines[1]).get("source").asText(), lines[1]);
        // The other sources were not started: stderr names only the key source's mechanism.
        for (String other : List.of("kerberos:", "mounts:", "thinpool:", "usb:")) {
            assertTrue(!err.toString().contains(other), err.toString());
        }
    }

    /**
     * The system's zone changes while {@code monitor} runs (a localtime link of the test's own,
     * replaced as timedatectl does): the lines printed after it carry the new zone's time.
     */
    @Test
    void monitorLinesAfterAZoneChangeAreInTheNewZone(@org.junit.jupiter.api.io.TempDir Path etc) throws Exception {
        ring = keyctl("newring", "watchtray-cli-tz-" + ProcessHandle.current().pid(), "@u");
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        java.time.ZoneId newYork = java.time.ZoneId.of("America/New_York");
        setTimezone(etc, berlin);
        org.watchtray.core.time.SystemZone zone = org.watchtray.core.testing.TimedatectlLink.following(etc, berlin);
        java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);
        zone.listen(z -> changed.countDown());
        CliContext watching = contextWatching(ring);
        CliContext context = new CliContext(watching.environment(), zone.clock(), watching.settings(), zone);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = WatchtrayCommand.commandLine(context, NO_DESKTOP);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cl.execute("monitor", "--source", "keys", "--count", "5", "--duration", "30"));
        awaitText(err, "keys:", Duration.ofSeconds(15));
        keyctl("add", "user", "cli tz before", "payload", ring);
        awaitText(out, "cli tz before", Duration.ofSeconds(15));
        setTimezone(etc, newYork);
        assertTrue(changed.await(10, TimeUnit.SECONDS), "the monitor's watch saw the new link: " + err + out);
        keyctl("add", "user", "cli tz after", "payload", ring);

        // The status, then each key's two events (it appeared; the keyring gained a link to it).
        assertEquals(0, exit.get(30, TimeUnit.SECONDS), err.toString());
        List<String> lines = List.of(out.toString().strip().split("\n"));
        assertEquals(5, lines.size(), out.toString());
        assertAbout(java.time.LocalDateTime.now(berlin), lines.stream().filter(l -> l.contains("cli tz before")).findFirst().orElseThrow());
        assertAbout(java.time.LocalDateTime.now(newYork), lines.stream().filter(l -> l.contains("cli tz after")).findFirst().orElseThrow());
    }

    /** The line's local time ("2025-03-01 13:00:00.250  ...") is within a few minutes of {@code now}: six hours off would be the other zone. */
    private static void assertAbout(java.time.LocalDateTime now, String line) {
        java.time.LocalDateTime shown = java.time.LocalDateTime.parse(line.substring(0, 19).replace(' ', 'T'));
        assertTrue(Duration.between(shown, now).abs().compareTo(Duration.ofMinutes(5)) < 0, "now " + now + ": " + line);
    }

    private static void setTimezone(Path etc, java.time.ZoneId zone) throws IOException {
        org.watchtray.core.testing.TimedatectlLink.set(etc, zone);
    }

    @Test
    void monitorRejectsAnUnknownSourceNamingTheChoices() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = WatchtrayCommand.commandLine(contextWatching(null), NO_DESKTOP);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute("monitor", "--source", "mounts,disks"));
        assertTrue(err.toString().contains("unknown source 'disks' (choose from keys, kerberos, mounts, thinpool, usb)"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void statusNamesEachSourceMechanismAndReason() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = WatchtrayCommand.commandLine(contextWatching(null), NO_DESKTOP);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cl.execute("status", "--json"));
        List<JsonNode> rows = new ArrayList<>();
        for (String line : out.toString().strip().split("\n")) {
            rows.add(JSON.readTree(line));
        }
        JsonNode keys = rows.stream().filter(r -> r.get("source").asText().equals("keys")).findFirst().orElseThrow(() -> new AssertionError(out));
        if (keys.get("state").asText().equals("degraded")) {
            // This machine's kernel: the fallback must say why, with the errno.
            assertEquals("polling /proc/keys every 60 s", keys.get("mechanism").asText());
            assertTrue(keys.get("reason").asText().contains("ENOPKG"), keys.toString());
        } else {
            assertEquals("active", keys.get("state").asText(), keys.toString());
        }
    }

    private static CliContext contextWatching(String ring) {
        Settings d = Settings.defaults();
        Settings.Keys keys = ring == null ? d.keys()
                : new Settings.Keys(List.of(ring), d.keys().expiryWarning(), Duration.ofMillis(300), List.of());
        Settings settings = SettingsBuilder.from(d).keys(keys).build();
        // The Kerberos source gets a cache of its own that stays empty, so it adds one status and nothing else.
        Path krb = createTempDir();
        Environment env = new Environment(Map.of("KRB5CCNAME", "FILE:" + krb.resolve("cc"), "KRB5_CONFIG", krb.resolve("krb5.conf").toString()),
                Environment.current().home());
        return new CliContext(env, Clock.systemUTC(), problems -> settings);
    }

    private static Path createTempDir() {
        try {
            Path dir = Files.createTempDirectory("watchtray-cli-krb5");
            Files.writeString(dir.resolve("krb5.conf"), "");
            dir.toFile().deleteOnExit();
            dir.resolve("krb5.conf").toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitText(StringWriter w, String text, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!w.toString().contains(text)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no '" + text + "' within " + timeout + ": " + w);
            }
            Thread.sleep(20);
        }
    }

    private static String keyctl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("keyctl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new AssertionError(cmd + " failed: " + output);
        }
        return output;
    }
}
