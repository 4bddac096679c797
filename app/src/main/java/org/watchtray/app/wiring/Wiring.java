package org.watchtray.app.wiring;

import java.time.Clock;
import java.util.function.Consumer;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.pipeline.TimelineFilter;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.SourceFactory;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.core.source.EventLoop;

/** The backend half of the composition root: libc, hub, poller and sources, wired once. */
public final class Wiring {
    private Wiring() {
    }

    /** Builds (but does not start) the backend for these settings. */
    public static Backend backend(Settings settings, Environment environment, Clock clock, Consumer<String> log)
            throws OsException {
        LinuxLibc libc = new LinuxLibc();
        EventHub hub = new EventHub(TimelineFilter.from(settings), log);
        EventLoop poller = new EventLoop(libc, clock, hub, log);
        return new Backend(hub, poller, new SourceFactory(libc, environment).desktopSources(settings));
    }
}
