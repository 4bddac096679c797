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
import org.watchtray.nativeaccess.SourceFactory;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/**
 * A desktop session's agent client, run by tests as another user: it connects as the app does
 * and prints the USB line of "watchtray status" once the agent served or refused it (or after
 * 20 s). Needs only watchtray's own classes.
 */
public final class MemberProbe {
    private MemberProbe() {
    }

    public static void main(String[] args) throws Exception {
        LinuxLibc libc = new LinuxLibc();
        try (EventLoop loop = new EventLoop(libc, Clock.systemUTC(), batch -> { }, line -> { })) {
            Environment env = new Environment(Map.of(AgentSocket.VARIABLE, args[0]), Path.of("/nonexistent"));
            new SourceFactory(libc, env).desktopSources(Settings.defaults()).stream()
                    .filter(s -> s.id() == SourceId.USB || s.id() == SourceId.THINPOOL).forEach(loop::add);
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
