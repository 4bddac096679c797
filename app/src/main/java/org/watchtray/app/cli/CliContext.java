package org.watchtray.app.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Set;
import org.watchtray.app.text.Messages;
import org.watchtray.app.wiring.Backend;
import org.watchtray.app.wiring.Wiring;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.os.OsException;
import org.watchtray.core.time.SystemZone;

/** What CLI commands share: the environment, the clock and the user's settings. */
public record CliContext(Environment environment, Clock clock, SettingsSource settings, SystemZone zone) {

    /** In a zone that does not change, {@code clock}'s (tests). */
    public CliContext(Environment environment, Clock clock, SettingsSource settings) {
        this(environment, clock, settings, SystemZone.fixed(clock.getZone()));
    }

    /** Loads the user's settings, reporting problems (corrupt file …) on the given writer. */
    @FunctionalInterface
    public interface SettingsSource {
        Settings load(PrintWriter problems);
    }

    /** The user's language for human output, from the environment's locale (JSON stays English). */
    public Messages messages() {
        return Messages.forEnvironment(clock::getZone);
    }

    /**
     * A backend with only the sources of {@code wanted}, not yet started; settings problems are
     * reported on {@code err}, diagnostics go to the log (stderr).
     */
    public Backend backend(PrintWriter err, Set<SourceId> wanted) throws OsException {
        return backend(settings.load(err), wanted);
    }

    /** A backend for {@code s}, not yet started. */
    public Backend backend(Settings s) throws OsException {
        return backend(s, Wiring.ALL);
    }

    private Backend backend(Settings s, Set<SourceId> wanted) throws OsException {
        return Wiring.backend(org.watchtray.nativeaccess.NativeAccess.linux(), s, environment, clock, wanted);
    }
}
