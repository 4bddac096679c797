package org.watchtray.app.wiring;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.agent.AgentClientSource;
import org.watchtray.core.agent.AgentSocket;
import org.watchtray.core.kerberos.KerberosSource;
import org.watchtray.core.keys.KeySource;
import org.watchtray.core.mounts.MountSource;
import org.watchtray.core.os.OsException;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.pipeline.TimelineFilter;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.EventLoop;
import org.watchtray.core.source.Source;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * The backend half of the desktop's composition root: the hub, the event loop and the
 * session's sources, each built from its core class and the bindings it needs, wired once.
 */
public final class Wiring {
    private Wiring() {
    }

    /** Builds (but does not start) the backend for these settings, with a hub of its own. */
    public static Backend backend(NativeAccess nativeAccess, Settings settings, Environment environment, Clock clock)
            throws OsException {
        return backend(nativeAccess, new EventHub(TimelineFilter.from(settings)), settings, environment, clock);
    }

    /** Builds (but does not start) the backend for these settings, feeding {@code hub}. */
    public static Backend backend(NativeAccess nativeAccess, EventHub hub, Settings settings, Environment environment, Clock clock)
            throws OsException {
        EventLoop loop = new EventLoop(nativeAccess.libc(), clock, hub);
        return new Backend(hub, loop, desktopSources(nativeAccess, settings, environment, clock));
    }

    /**
     * The desktop session's sources, in a stable order. Each picks its own mechanism when it
     * starts (the preferred one, or a fallback with a stated reason).
     */
    public static List<Source> desktopSources(NativeAccess nativeAccess, Settings settings, Environment environment, Clock clock) {
        List<Source> sources = new ArrayList<>();
        sources.add(new KeySource(nativeAccess.keyctl(), nativeAccess.notificationQueues(), settings.keys()));
        sources.add(new KerberosSource(nativeAccess.kerberos(environment, clock), nativeAccess.libc(),
                nativeAccess.keyctl(), nativeAccess.notificationQueues(), settings));
        sources.add(new MountSource(nativeAccess.libc(), nativeAccess.mountTables(), nativeAccess.mountNotifications(), settings.mounts()));
        // Thin pools and USB need root: watchtray-agent reads them when it is installed; the desktop decides.
        sources.addAll(AgentClientSource.create(nativeAccess.libc(), nativeAccess.seqpacketSockets(), AgentSocket.of(environment), settings));
        return sources;
    }
}
