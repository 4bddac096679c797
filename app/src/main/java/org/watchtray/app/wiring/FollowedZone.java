package org.watchtray.app.wiring;

import java.nio.file.Path;
import org.watchtray.core.os.Libc;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.time.SystemZone;
import org.watchtray.core.time.ZoneWatch;

/**
 * The system's time zone for a composition root (the tray, the window process, the command line),
 * followed for the process's life: texts formatted with {@link SystemZone#current()} or
 * {@link SystemZone#clock()} show times in the new zone after {@code timedatectl set-timezone}.
 * Close it to stop watching.
 */
public record FollowedZone(SystemZone zone, ZoneWatch watch) implements AutoCloseable {
    /** What the JDK and glibc read the zone from. */
    public static final Path LOCALTIME = Path.of("/etc/localtime");
    public static final Path ZONEINFO = Path.of("/usr/share/zoneinfo");

    /** The zone of this environment: fixed when {@code $TZ} is set, else following {@link #LOCALTIME}. */
    public static FollowedZone start(Libc libc, Environment env) {
        SystemZone zone = zoneOf(env);
        return new FollowedZone(zone, ZoneWatch.start(libc, zone));
    }

    /** The zone of this environment, not yet watched ({@link ZoneWatch#start} it when the process can afford the bindings). */
    public static SystemZone zoneOf(Environment env) {
        return SystemZone.ofSystem(env.get("TZ"), LOCALTIME, ZONEINFO);
    }

    @Override
    public void close() {
        watch.close();
    }
}
