package org.watchtray.packaging;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.watchtray.core.agent.AgentSocket;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.EventLoop;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.agent.AgentClientSource;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * A desktop session's agent client, run by tests as another user: it connects as the app does
 * and prints the USB line of "watchtray status" once the agent served or refused it (or after
 * 20 s). Needs only watchtray's own classes.
 */
public final class MemberProbe {
    private static final NativeAccess NATIVE = NativeAccess.linux();
    private MemberProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (EventLoop loop = new EventLoop(NATIVE.libc(), Clock.systemUTC(), batch -> { })) {
            Environment env = new Environment(Map.of(AgentSocket.VARIABLE, args[0]), Path.of("/nonexistent"));
            AgentClientSource.create(NATIVE.libc(), NATIVE.seqpacketSockets(), AgentSocket.of(env), Settings.defaults()).forEach(loop::add);
            loop.start();
            long deadline = System.nanoTime() + 20_000_000_000L;
            SourceStatus usb = null;
            while (System.nanoTime() < deadline) {
                List<SourceStatus> all = loop.statuses();
                usb = all.stream().filter(s -> s.source() == SourceId.USB).findFirst().orElse(null);
                if (usb != null && (usb.mechanism().startsWith("via watchtray-agent: ") || usb.reason().contains("not reachable"))) {
                    break;
                }
                Thread.sleep(20);
            }
            System.out.println(usb == null ? "no status" : usb.describe());
        }
    }
}
