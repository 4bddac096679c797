package org.watchtray.agent;

import java.nio.file.Path;
import org.watchtray.core.event.SourceId;

/** Runs the desktop's agent client for a moment and prints both statuses; tests run it as another user. */
public final class DesktopProbe {
    private DesktopProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Desktop d = new Desktop(Path.of(args[0]))) {
            d.awaitStatus(SourceId.USB, s -> s.reason().contains("refused") || s.mechanism().startsWith("via watchtray-agent:"), 10_000);
            System.out.println(d.status(SourceId.THINPOOL).describe());
            System.out.println(d.status(SourceId.USB).describe());
        }
    }
}
