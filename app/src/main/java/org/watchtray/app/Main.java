package org.watchtray.app;

import java.time.Clock;
import org.watchtray.app.cli.CliContext;
import org.watchtray.app.cli.WatchtrayCommand;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import picocli.CommandLine;

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
        Environment environment = Environment.current();
        CliContext context = new CliContext(environment, Clock.systemDefaultZone(), problems -> Settings.defaults());
        return WatchtrayCommand.commandLine(context).execute(args);
    }
}
