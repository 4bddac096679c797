package org.watchtray.agent.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.Event;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.journal.MessageIds;
import org.watchtray.nativeaccess.lab.JournalRemote;
import org.watchtray.nativeaccess.lab.PrivateJournald;

/**
 * The fleet path of docs/journal.md: two workstations (each a journald in its own mount and UTS
 * namespace, with its own hostname and machine ID), each with a watchtray agent writing to it,
 * upload with {@code systemd-journal-upload} to one {@code systemd-journal-remote} on loopback;
 * on the central host, a filter on a message ID finds both, with hostnames and fields intact.
 */
class FleetJournalTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ThinPoolEvent threshold(String pool, double percent, int threshold) {
        return new ThinPoolEvent(Instant.now(), ThinPoolEvent.Change.DATA_THRESHOLD, null, pool, "vg0/" + pool, percent, 20, threshold,
                Duration.ofHours(5), "rw");
    }

    /** One workstation's agent writing {@code events} to its journal, until they are all there. */
    private static void agentLogs(PrivateJournald ws, List<Event> events) throws Exception {
        AgentOutputs.Config config = AgentOutputs.Config.none().withJournal(true, ws.socket());
        try (AgentOutputs outputs = AgentOutputs.start(config, Clock.systemUTC())) {
            outputs.accept(events);
        }
        ws.await(l -> l.size() == events.size(), WAIT, "SYSLOG_IDENTIFIER=watchtray-agent", "WATCHTRAY_SOURCE=thinpool",
                "+", "SYSLOG_IDENTIFIER=watchtray-agent", "WATCHTRAY_SOURCE=usb");
    }

    @Test
    void eventsFromTwoWorkstationsArriveCentrallyWithHostnamesAndFields() throws Exception {
        String dataThreshold = MessageIds.of("thinpool.data_threshold").orElseThrow();
        try (PrivateJournald a = PrivateJournald.start("ws-a");
             PrivateJournald b = PrivateJournald.start("ws-b");
             JournalRemote central = JournalRemote.start()) {
            agentLogs(a, List.of(threshold("pool-a", 91.5, 90),
                    new UsbEvent(Instant.now(), UsbEvent.Change.OVER_CURRENT, "2-1", "Dock \"X\"\nrev 2", "", 0, 1, 0)));
            agentLogs(b, List.of(threshold("pool-b", 96.25, 95)));

            long t0 = System.nanoTime();
            central.upload(a.directory(), "ws-a");
            central.upload(b.directory(), "ws-b");
            long uploadMillis = (System.nanoTime() - t0) / 1_000_000;

            List<Map<String, String>> pools = central.entries("MESSAGE_ID=" + dataThreshold);
            assertEquals(Set.of("ws-a", "ws-b"), pools.stream().map(e -> e.get("_HOSTNAME")).collect(Collectors.toSet()), pools.toString());
            Map<String, String> fromA = pools.stream().filter(e -> "ws-a".equals(e.get("_HOSTNAME"))).findFirst().orElseThrow();
            Map<String, String> fromB = pools.stream().filter(e -> "ws-b".equals(e.get("_HOSTNAME"))).findFirst().orElseThrow();
            assertEquals("watchtray-agent", fromA.get("SYSLOG_IDENTIFIER"));
            assertEquals("pool-a", fromA.get("WATCHTRAY_POOL"));
            assertEquals("vg0/pool-a", fromA.get("WATCHTRAY_LVM_NAME"));
            assertEquals("91.5", fromA.get("WATCHTRAY_DATA_PERCENT"));
            assertEquals("90", fromA.get("WATCHTRAY_THRESHOLD"));
            assertEquals("4", fromA.get("PRIORITY"));
            assertEquals("96.25", fromB.get("WATCHTRAY_DATA_PERCENT"));
            assertEquals(a.machineId(), fromA.get("_MACHINE_ID"));
            assertNotEquals(fromA.get("_MACHINE_ID"), fromB.get("_MACHINE_ID"));

            List<Map<String, String>> usb = central.entries("MESSAGE_ID=" + MessageIds.of("usb.over_current").orElseThrow(), "_HOSTNAME=ws-a");
            assertEquals(1, usb.size());
            assertEquals("Dock \"X\"\nrev 2", usb.getFirst().get("WATCHTRAY_PRODUCT"), "a newline survives the upload");
            List<Map<String, String>> byField = central.entries("WATCHTRAY_EVENT=thinpool.data_threshold", "WATCHTRAY_THRESHOLD=95");
            assertEquals(List.of("ws-b"), byField.stream().map(e -> e.get("_HOSTNAME")).toList());
            System.out.printf("fleet: uploaded two workstations' journals in %d ms; %d watchtray entries centrally%n", uploadMillis,
                    central.entries("SYSLOG_IDENTIFIER=watchtray-agent").size());
        }
    }
}
