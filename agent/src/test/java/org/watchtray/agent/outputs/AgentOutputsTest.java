package org.watchtray.agent.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.hooks.HookSpec;
import org.watchtray.core.journal.MessageIds;
import org.watchtray.nativeaccess.lab.PrivateJournald;

/**
 * The agent's outputs as one subscriber: a real journald gets every event as
 * {@code watchtray-agent}, an admin hook runs with the reduced environment (the documented
 * lvextend-at-90 % pattern, with a script standing in for lvextend), and the textfile follows
 * the pool and passes {@code promtool check metrics}.
 */
class AgentOutputsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;


    private static ThinPoolEvent pool(ThinPoolEvent.Change c, double data, int threshold) {
        return new ThinPoolEvent(T, c, null, "vg0-pool-tpool", "vg0/pool", data, 12.5, threshold, Duration.ofHours(2), "rw");
    }

    @Test
    void journalHookAndTextfile() throws Exception {
        Path calls = dir.resolve("lvextend-calls");
        Path extend = dir.resolve("watchtray-extend-pool");
        // The documented hook (docs/hooks.md), with "echo" where the real one runs lvextend.
        Files.writeString(extend, """
                #!/bin/sh
                set -eu
                [ "${WATCHTRAY_THRESHOLD:-0}" -ge 90 ] || exit 0
                echo "lvextend --use-policies ${WATCHTRAY_LVM_NAME} | PATH=$PATH | HOME=${HOME:-unset}" >> "$1.tmp"
                mv "$1.tmp" "$1"
                """);
        Files.setPosixFilePermissions(extend, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path textfile = dir.resolve("watchtray.prom");
        try (PrivateJournald journald = PrivateJournald.start("wt-agent-outputs")) {
            AgentOutputs.Config config = AgentOutputs.Config.defaults().withJournal(true, journald.socket())
                    .withMetrics(textfile, Duration.ofHours(1))
                    .withHooks(List.of(new HookSpec("extend-pool", List.of(extend.toString(), calls.toString()),
                            List.of("thinpool.data_threshold"), Set.of(SourceId.THINPOOL), Severity.WARNING, Duration.ofMinutes(2), 2,
                            Duration.ofMinutes(10), 1, true)));
            try (AgentOutputs outputs = AgentOutputs.start(config, Clock.systemUTC())) {
                List<Event> events = List.of(pool(ThinPoolEvent.Change.STATUS, 75, 0), pool(ThinPoolEvent.Change.DATA_THRESHOLD, 81, 80),
                        pool(ThinPoolEvent.Change.DATA_THRESHOLD, 91.5, 90),
                        new UsbEvent(T, UsbEvent.Change.OVER_CURRENT, "2-1", "Dock", "", 0, 1, 0));
                outputs.accept(events);

                List<Map<String, String>> journaled = journald.await(l -> l.size() >= 4, WAIT, "SYSLOG_IDENTIFIER=watchtray-agent",
                        "WATCHTRAY_SOURCE=thinpool", "+", "SYSLOG_IDENTIFIER=watchtray-agent", "WATCHTRAY_SOURCE=usb");
                Map<String, String> ninety = journaled.stream().filter(e -> "90".equals(e.get("WATCHTRAY_THRESHOLD"))).findFirst().orElseThrow();
                assertEquals(MessageIds.of("thinpool.data_threshold").orElseThrow(), ninety.get("MESSAGE_ID"));
                assertEquals("vg0/pool", ninety.get("WATCHTRAY_LVM_NAME"));
                assertEquals("91.5", ninety.get("WATCHTRAY_DATA_PERCENT"));
                assertTrue(journaled.stream().anyMatch(e -> "usb.over_current".equals(e.get("WATCHTRAY_EVENT")) && "2".equals(e.get("PRIORITY"))));

                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!Files.exists(calls) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(List.of("lvextend --use-policies vg0/pool | PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin | HOME=unset"),
                        Files.readAllLines(calls), "the hook acted once, at 90 %, with the reduced environment");

                assertTrue(outputs.textfile().awaitIdle(WAIT));
                String text = Files.readString(textfile);
                assertTrue(text.contains("watchtray_thinpool_data_used_ratio{pool=\"vg0-pool-tpool\",lvm_name=\"vg0/pool\"} 0.915"), text);
                assertTrue(text.contains("watchtray_thinpool_thresholds_crossed_total{pool=\"vg0-pool-tpool\",lvm_name=\"vg0/pool\",kind=\"data\"} 2"), text);
                assertTrue(text.contains("watchtray_usb_errors_total{port=\"2-1\",kind=\"over_current\"} 1"), text);
                assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(textfile)));
                try (var leftovers = Files.list(dir)) {
                    assertFalse(leftovers.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left beside it");
                }
                Promtool check = Promtool.check(text);
                assertTrue(check.clean(), check.output());
            }
        }
    }

    @Test
    void theConfigFileSetsJournalMetricsAndHooksAndABadFieldIsNamed() throws Exception {
        Path file = dir.resolve("agent.json");
        Files.writeString(file, """
                {"journal": {"enabled": false},
                 "metrics": {"textfile": "/var/lib/prometheus/node-exporter/watchtray.prom", "refresh": "30s"},
                 "hooks": {"extend-pool": {"command": ["/usr/local/sbin/watchtray-extend-pool"], "events": ["thinpool.data_threshold"],
                                           "min_severity": "warning", "timeout": "2m", "max_runs": 2, "per": "10m"}}}""");
        AgentOutputs.Config c = AgentConfigFile.read(file, AgentOutputs.Config.defaults());
        assertFalse(c.journal());
        assertEquals(Path.of("/var/lib/prometheus/node-exporter/watchtray.prom"), c.metricsTextfile());
        assertEquals(Duration.ofSeconds(30), c.metricsRefresh());
        assertEquals(List.of("extend-pool"), AgentConfigFile.hookNames(c));
        assertEquals(Duration.ofMinutes(2), c.hooks().getFirst().timeout());

        assertEquals(AgentOutputs.Config.defaults(), AgentConfigFile.read(dir.resolve("missing.json"), AgentOutputs.Config.defaults()));
        Files.writeString(file, "{\"hooks\": {\"x\": {\"command\": [\"/bin/true\"], \"max_concurrent\": \"two\"}}}");
        assertEquals(file + ": hooks.x.max_concurrent: expected a whole number from 1 to 10000, found \"two\"",
                org.junit.jupiter.api.Assertions.assertThrows(AgentConfigFile.Invalid.class,
                        () -> AgentConfigFile.read(file, AgentOutputs.Config.defaults())).getMessage());
        Files.writeString(file, "{\"metrics\": {\"textfile\": \"/tmp/watchtray.txt\"}}");
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(AgentConfigFile.Invalid.class,
                () -> AgentConfigFile.read(file, AgentOutputs.Config.defaults())).getMessage().contains("ending in .prom"));
        Files.writeString(file, "{\"hook\": {}}");
        assertEquals(file + ": unknown field \"hook\" (known: journal, metrics, hooks)", org.junit.jupiter.api.Assertions.assertThrows(
                AgentConfigFile.Invalid.class, () -> AgentConfigFile.read(file, AgentOutputs.Config.defaults())).getMessage());
    }
}
