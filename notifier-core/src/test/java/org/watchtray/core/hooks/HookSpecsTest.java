package org.watchtray.core.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.source.SourceStatus;

class HookSpecsTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private static Map<String, Object> tree(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aMinimalHookGetsTheDefaults() {
        List<HookSpec> hooks = HookSpecs.read(tree("notify", tree("command", List.of("/usr/bin/notify-send", "watchtray"))), "hooks");
        assertEquals(List.of(new HookSpec("notify", List.of("/usr/bin/notify-send", "watchtray"), List.of("*"), Set.of(), Severity.INFO,
                Duration.ofSeconds(30), 10, Duration.ofMinutes(1), 1, true)), hooks);
    }

    @Test
    void everyFieldIsReadAndWrittenBack() {
        Map<String, Object> full = tree("extend", tree("command", List.of("/usr/local/sbin/extend-pool", "--by", "10%"),
                "events", List.of("thinpool.data_threshold"), "sources", List.of("thinpool"), "min_severity", "warning",
                "timeout", "2m", "max_runs", 2, "per", "10m", "max_concurrent", 1, "enabled", false));
        List<HookSpec> hooks = HookSpecs.read(full, "hooks");
        HookSpec h = hooks.getFirst();
        assertEquals(Set.of(SourceId.THINPOOL), h.sources());
        assertEquals(Duration.ofMinutes(2), h.timeout());
        assertEquals(Duration.ofMinutes(10), h.per());
        assertFalse(h.enabled());
        assertEquals(full, HookSpecs.write(hooks));
        assertEquals(hooks, HookSpecs.read(HookSpecs.write(hooks), "hooks"));
    }

    @Test
    void mistakesNameTheirField() {
        assertEquals("hooks.x.command: is missing: give the program and its fixed arguments, e.g. [\"/usr/local/bin/notify\"]",
                assertThrows(HookSpecException.class, () -> HookSpecs.read(tree("x", tree()), "hooks")).getMessage());
        assertEquals("hooks.x.command: expected a list of text, found \"/bin/true --flag\"",
                assertThrows(HookSpecException.class, () -> HookSpecs.read(tree("x", tree("command", "/bin/true --flag")), "hooks")).getMessage());
        assertEquals("hooks.x.sources: unknown source \"disks\"", assertThrows(HookSpecException.class, () -> HookSpecs.read(
                tree("x", tree("command", List.of("/bin/true"), "sources", List.of("disks"))), "hooks")).getMessage());
        assertEquals("hooks.x.max_runs: expected a whole number from 1 to 10000, found 0", assertThrows(HookSpecException.class,
                () -> HookSpecs.read(tree("x", tree("command", List.of("/bin/true"), "max_runs", 0)), "hooks")).getMessage());
        assertEquals("hooks.x.timeout: must be longer than 0s", assertThrows(HookSpecException.class,
                () -> HookSpecs.read(tree("x", tree("command", List.of("/bin/true"), "timeout", "0s")), "hooks")).getMessage());
        assertEquals("hooks.x.min_severity: expected one of info, notice, warning, critical, found \"loud\"", assertThrows(HookSpecException.class,
                () -> HookSpecs.read(tree("x", tree("command", List.of("/bin/true"), "min_severity", "loud")), "hooks")).getMessage());
    }

    @Test
    void matchingIsOnNameGlobsSourceAndSeverity() {
        Event pool = new ThinPoolEvent(T, ThinPoolEvent.Change.DATA_THRESHOLD, null, "p", "vg/p", 91, 10, 90, null, "rw");
        Event ticket = new CredentialEvent(T, CredentialEvent.Change.EXPIRES_SOON, "a@B", "c", T, null, true, Duration.ofHours(1), null);
        Event status = new SourceStatusEvent(T, SourceStatus.active(SourceId.KEYS, "x"));
        HookSpec thin = HookSpec.of("t", List.of("/bin/true"), List.of("thinpool.*"));
        assertTrue(thin.matches(pool));
        assertFalse(thin.matches(ticket));
        HookSpec soon = HookSpec.of("s", List.of("/bin/true"), List.of("*.expires_soon"));
        assertTrue(soon.matches(ticket));
        HookSpec warnings = new HookSpec("w", List.of("/bin/true"), List.of("*"), Set.of(), Severity.WARNING, Duration.ofSeconds(1), 1,
                Duration.ofMinutes(1), 1, true);
        assertTrue(warnings.matches(pool) && warnings.matches(ticket));
        assertFalse(warnings.matches(status), "info is below warning");
        HookSpec onlyKerberos = new HookSpec("k", List.of("/bin/true"), List.of("*"), Set.of(SourceId.KERBEROS), Severity.INFO,
                Duration.ofSeconds(1), 1, Duration.ofMinutes(1), 1, true);
        assertTrue(onlyKerberos.matches(ticket));
        assertFalse(onlyKerberos.matches(pool));
    }

    @Test
    void aHookTheUserMayNotRunIsExplained(@TempDir Path dir) throws Exception {
        Path notExecutable = Files.writeString(dir.resolve("plain"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("hook 'r': the command must be an absolute path such as /usr/local/bin/notify-send, not \"notify-send\" (hooks do not search PATH)",
                HookCheck.problem(HookSpec.of("r", List.of("notify-send"), List.of("*"))).orElseThrow());
        assertEquals("hook 'm': " + dir.resolve("missing") + " does not exist",
                HookCheck.problem(HookSpec.of("m", List.of(dir.resolve("missing").toString()), List.of("*"))).orElseThrow());
        assertEquals("hook 'd': " + dir + " is not a regular file",
                HookCheck.problem(HookSpec.of("d", List.of(dir.toString()), List.of("*"))).orElseThrow());
        // Even root may not execute a file without any execute bit.
        assertEquals("hook 'x': " + notExecutable + " is not executable by this user",
                HookCheck.problem(HookSpec.of("x", List.of(notExecutable.toString()), List.of("*"))).orElseThrow());
        assertTrue(HookCheck.problem(HookSpec.of("ok", List.of("/bin/sh"), List.of("*"))).isEmpty());
    }
}
