package org.watchtray.nativeaccess;

import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.agent.AgentClientSource;
import org.watchtray.core.agent.AgentSocket;
import org.watchtray.core.kerberos.KerberosSource;
import org.watchtray.core.keys.KeySource;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.Source;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.core.mounts.MountSource;

import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.agent.AgentClientSource;
import org.watchtray.core.agent.AgentSocket;
import org.watchtray.core.source.Source;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.core.mounts.MountSource;

/**
 * The one place that decides which source implementation runs for each job. Each source picks
 * its own mechanism when started (preferred, or a fallback with a stated reason).
 */
public final class SourceFactory {
    private static final System.Logger LOG = System.getLogger(SourceFactory.class.getName());
    private final Libc libc;
    private final NativeAccess nativeAccess = NativeAccess.linux();
    private final Environment environment;

    public SourceFactory(Libc libc, Environment environment) {
        this.libc = libc;
        this.environment = environment;
    }

    /** The desktop session's sources for these settings, in a stable order. */
    public List<Source> desktopSources(Settings settings) {
        List<Source> sources = new ArrayList<>();
        sources.add(new KeySource(nativeAccess.keyctl(), nativeAccess.notificationQueues(), settings.keys(),
                line -> LOG.log(System.Logger.Level.INFO, "keys: " + line)));
        sources.add(new KerberosSource(nativeAccess.kerberos(environment, java.time.Clock.systemUTC()), nativeAccess.libc(),
                nativeAccess.keyctl(), nativeAccess.notificationQueues(), settings));
        sources.add(new MountSource(nativeAccess.libc(), nativeAccess.mountTables(), nativeAccess.mountNotifications(), settings.mounts()));
        // Thin pools and USB need root: watchtray-agent reads them when it is installed; the desktop decides.
        sources.addAll(AgentClientSource.create(nativeAccess.libc(), nativeAccess.seqpacketSockets(), AgentSocket.of(environment), settings));
        return sources;
    }
}
