package org.watchtray.nativeaccess;

import org.watchtray.nativeaccess.keys.SyscallKeyctl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.Source;
import org.watchtray.nativeaccess.agent.AgentClientSource;
import org.watchtray.nativeaccess.kerberos.KerberosSource;
import org.watchtray.nativeaccess.kerberos.LibKrb5;
import org.watchtray.nativeaccess.keys.KeySource;
import org.watchtray.core.keys.Keyctl;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.core.mounts.MountSource;

/**
 * The one place that decides which source implementation runs for each job. Each source picks
 * its own mechanism when started (preferred, or a fallback with a stated reason).
 */
public final class SourceFactory {
    private static final System.Logger LOG = System.getLogger(SourceFactory.class.getName());
    private final Libc libc;
    private final Environment environment;

    public SourceFactory(Libc libc, Environment environment) {
        this.libc = libc;
        this.environment = environment;
    }

    /** The desktop session's sources for these settings, in a stable order. */
    public List<Source> desktopSources(Settings settings) {
        List<Source> sources = new ArrayList<>();
        sources.add(new KeySource(new SyscallKeyctl(libc), libc, settings.keys(), line -> LOG.log(System.Logger.Level.INFO, "keys: " + line)));
        sources.add(new KerberosSource(libc, LibKrb5::load, environment, settings));
        NativeAccess bindings = NativeAccess.linux();
        sources.add(new MountSource(bindings.libc(), bindings.mountTables(), bindings.mountNotifications(), settings.mounts()));
        // Thin pools and USB need root: they come from watchtray-agent when it is installed.
        sources.addAll(AgentClientSource.create(libc, environment.get(AgentClientSource.SOCKET_VARIABLE)
                .map(Path::of).orElse(AgentClientSource.DEFAULT_SOCKET)));
        return sources;
    }
}
