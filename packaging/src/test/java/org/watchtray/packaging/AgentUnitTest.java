package org.watchtray.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.watchtray.agent.AgentConfig;
import org.watchtray.core.agent.AgentSocket;

/** The agent's systemd unit grants only what the agent needs and agrees with the code and the sysusers/tmpfiles snippets. */
class AgentUnitTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = AgentUnitTest.class.getResourceAsStream("/systemd/" + name)) {
            if (in == null) {
                throw new AssertionError("missing resource systemd/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, List<String>> settings(String unit) {
        return UnitSandbox.settings(unit);
    }

    @Test
    void grantsOnlyTheTwoCapabilitiesAndHardensTheRest() throws IOException {
        Map<String, List<String>> s = settings(resource("watchtray-agent.service"));
        assertEquals(List.of("CAP_SYS_ADMIN CAP_SYSLOG"), s.get("CapabilityBoundingSet"));
        assertEquals(List.of("watchtray"), s.get("Group"), "the socket is created with the group: no CAP_CHOWN needed");
        assertEquals(null, s.get("SecureBits"), "noroot-locked only locked a bit and changed nothing");
        assertEquals(List.of("yes"), s.get("PrivateNetwork"));
        assertEquals(List.of("pid"), s.get("ProcSubset"));
        assertEquals(List.of("@system-service", "~@privileged @resources"), s.get("SystemCallFilter"));
        assertEquals(List.of("strict"), s.get("ProtectSystem"));
        assertEquals(List.of("yes"), s.get("PrivateTmp"));
        assertEquals(List.of("yes"), s.get("NoNewPrivileges"));
        assertEquals(List.of("yes"), s.get("ProtectHome"));
        assertEquals(List.of("closed"), s.get("DevicePolicy"));
        assertEquals(List.of("/dev/mapper/control rw", "/dev/kmsg r"), s.get("DeviceAllow"));
        assertEquals(List.of("AF_UNIX AF_NETLINK"), s.get("RestrictAddressFamilies"));
        assertEquals(List.of("no"), s.get("ProtectKernelLogs"), "the agent reads /dev/kmsg");
        assertEquals(List.of("watchtray"), s.get("RuntimeDirectory"));
        assertEquals(List.of("-/var/lib/prometheus/node-exporter"), s.get("ReadWritePaths"),
                "only node_exporter's textfile directory is writable besides the runtime directory");
    }

    @Test
    void servesWhereTheDesktopLooksForTheGroupTheSnippetsCreate() throws IOException {
        Map<String, List<String>> s = settings(resource("watchtray-agent.service"));
        String exec = s.get("ExecStart").get(0);
        String socket = AgentSocket.DEFAULT.toString();
        assertTrue(exec.contains("--socket " + socket), exec);
        assertEquals(AgentConfig.defaults().socket().toString(), socket);
        assertTrue(exec.contains("--group watchtray"), exec);
        assertTrue(socket.startsWith("/run/" + s.get("RuntimeDirectory").get(0) + "/"), socket);
        assertTrue(resource("watchtray.sysusers.conf").lines().anyMatch(l -> l.matches("g\\s+watchtray\\s+-\\s+-")));
        assertTrue(resource("watchtray.tmpfiles.conf").lines().anyMatch(l -> l.matches("d\\s+/run/watchtray\\s+0755\\s+root\\s+root\\s+-")));
    }
}
