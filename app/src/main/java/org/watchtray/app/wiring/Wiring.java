package org.watchtray.app.wiring;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.watchtray.core.agent.AgentClientSource;
import org.watchtray.core.agent.AgentSocket;
import org.watchtray.core.kerberos.KerberosSource;
import org.watchtray.core.keys.KeySource;
import org.watchtray.core.mounts.MountSource;
import org.watchtray.core.os.OsException;
import org.watchtray.core.event.SourceId;
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
        return backend(nativeAccess, settings, environment, clock, ALL);
    }

    /** The same with only the sources of {@code wanted}. */
    public static Backend backend(NativeAccess nativeAccess, Settings settings, Environment environment, Clock clock,
                                  Set<SourceId> wanted) throws OsException {
        return backend(nativeAccess, new EventHub(TimelineFilter.from(settings)), settings, environment, clock, wanted);
    }

    /** Builds (but does not start) the backend for these settings, feeding {@code hub}. */
    public static Backend backend(NativeAccess nativeAccess, EventHub hub, Settings settings, Environment environment, Clock clock)
            throws OsException {
        return backend(nativeAccess, hub, settings, environment, clock, ALL);
    }

    /**
     * Builds (but does not start) a backend with only the sources of {@code wanted} ({@code watchtray
     * monitor --source}), each built and started exactly as in the desktop; the others are not made at all.
     */
    public static Backend backend(NativeAccess nativeAccess, EventHub hub, Settings settings, Environment environment, Clock clock,
                                  Set<SourceId> wanted) throws OsException {
        EventLoop loop = new EventLoop(nativeAccess.libc(), clock, hub, nativeAccess.threadScheduling());
        return new Backend(hub, loop, desktopSources(nativeAccess, settings, environment, clock, wanted));
    }

    /** Every source the desktop session runs. */
    public static final Set<SourceId> ALL = Set.copyOf(EnumSet.of(SourceId.KEYS, SourceId.KERBEROS, SourceId.MOUNTS,
            SourceId.THINPOOL, SourceId.USB));

    /**
     * The desktop session's sources of {@code wanted}, in a stable order. Each picks its own mechanism when it
     * starts (the preferred one, or a fallback with a stated reason).
     */
    public static List<Source> desktopSources(NativeAccess nativeAccess, Settings settings, Environment environment, Clock clock,
                                              Set<SourceId> wanted) {
        List<Source> sources = new ArrayList<>();
        if (wanted.contains(SourceId.KEYS)) {
            sources.add(new KeySource(nativeAccess.keyctl(), nativeAccess.notificationQueues(), settings.keys()));
        }
        if (wanted.contains(SourceId.KERBEROS)) {
            sources.add(new KerberosSource(nativeAccess.kerberos(environment, clock), nativeAccess.libc(),
                    nativeAccess.keyctl(), nativeAccess.notificationQueues(), settings));
        }
        if (wanted.contains(SourceId.MOUNTS)) {
            sources.add(new MountSource(nativeAccess.libc(), nativeAccess.mountTables(), nativeAccess.mountNotifications(), settings.mounts()));
        }
        // Thin pools and USB need root: watchtray-agent reads them when it is installed; the desktop decides.
        if (wanted.contains(SourceId.THINPOOL) || wanted.contains(SourceId.USB)) {
            for (Source s : AgentClientSource.create(nativeAccess.libc(), nativeAccess.seqpacketSockets(), AgentSocket.of(environment), settings)) {
                if (wanted.contains(s.id())) {
                    sources.add(s);
                }
            }
        }
        return sources;
    }
}
