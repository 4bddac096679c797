package org.watchtray.app;

import java.time.Clock;
import org.watchtray.app.cli.CliContext;
import org.watchtray.app.cli.CliLog;
import org.watchtray.app.cli.WatchtrayCommand;
import org.watchtray.core.settings.Environment;
import org.watchtray.app.desktop.DesktopMain;
import org.watchtray.app.settings.SettingsStore;
import org.watchtray.app.text.Messages;
import org.watchtray.core.settings.XdgPaths;
import org.watchtray.core.time.SystemZone;
import org.watchtray.app.wiring.FollowedZone;

/**
 * Entry point and composition root of the process: no arguments starts the tray app, a
 * subcommand runs the CLI. Deliberately not a JavaFX {@code Application} so it also runs on
 * the class path and without a display.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        if (args.length == 0) {
            // The tray app, as at every login: straight there, without building the command
            // line's model first (picocli, every subcommand and what they reference: ~500 classes).
            return DesktopMain.run(args);
        }
        CliLog.oneLinePerRecord();
        Environment env = Environment.current();
        // Not watched here: a command that runs for long (monitor) starts the zone's watch itself.
        SystemZone zone = FollowedZone.zoneOf(env);
        return WatchtrayCommand.commandLine(context(env, zone), DesktopMain::run).execute(args);
    }

    /** What every subcommand runs with: this environment, clock, and the user's settings read (never changed). */
    public static CliContext context(Environment environment, Clock clock) {
        return context(environment, clock, SystemZone.fixed(clock.getZone()));
    }

    /** The same in the system's zone, which {@code zone}'s clock follows once the zone is watched. */
    public static CliContext context(Environment environment, SystemZone zone) {
        return context(environment, zone.clock(), zone);
    }

    private static CliContext context(Environment environment, Clock clock, SystemZone zone) {
        Messages messages = Messages.forEnvironment(clock::getZone);
        return new CliContext(environment, clock, problems ->
                SettingsStore.forUser(new XdgPaths(environment), clock, p -> problems.println("watchtray: " + p.message(messages))).load(), zone);
    }
}
