package org.watchtray.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import org.watchtray.core.time.LocaltimeFile;
import org.watchtray.core.time.SystemZone;

/** Sets a test's own {@code localtime} link the way {@code timedatectl set-timezone} sets /etc/localtime. */
public final class TimedatectlLink {
    /** Where the links point; the resolver reads these files too. */
    public static final Path ZONEINFO = Path.of("/usr/share/zoneinfo");

    private TimedatectlLink() {
    }

    /** A new relative link beside the old one ({@code ../usr/share/zoneinfo/Area/City}), renamed over it in one atomic step. */
    public static void set(Path etc, ZoneId zone) throws IOException {
        Path fresh = etc.resolve(".#localtime" + System.nanoTime());
        Files.createSymbolicLink(fresh, Path.of("../usr/share/zoneinfo").resolve(zone.getId()));
        Files.move(fresh, etc.resolve("localtime"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A zone that follows {@code etc}'s localtime, starting at {@code initial}, leaving the JVM's default alone (tests share the JVM). */
    public static SystemZone following(Path etc, ZoneId initial) {
        return new SystemZone(initial, new LocaltimeFile(etc.resolve("localtime"), ZONEINFO), z -> { });
    }
}
