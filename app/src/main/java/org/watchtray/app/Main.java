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
        return WatchtrayCommand.commandLine(context(Environment.current(), Clock.systemDefaultZone()), DesktopMain::run).execute(args);
    }

    /** What every subcommand runs with: this environment, clock, and the user's settings read (never changed). */
    public static CliContext context(Environment environment, Clock clock) {
        Messages messages = Messages.forEnvironment(clock.getZone());
        return new CliContext(environment, clock, problems ->
                SettingsStore.forUser(new XdgPaths(environment), clock, p -> problems.println("watchtray: " + p.message(messages))).load());
    }
}
