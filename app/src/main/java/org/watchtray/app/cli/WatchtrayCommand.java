package org.watchtray.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The root command: {@code watchtray [SUBCOMMAND]}. */
@Command(name = "watchtray", mixinStandardHelpOptions = true, versionProvider = WatchtrayCommand.Version.class,
        description = "Kernel and system notifications as desktop alerts and a live event timeline.%n"
                + "Without a subcommand, starts the tray app.")
public final class WatchtrayCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    private final java.util.function.ToIntFunction<String[]> desktop;

    /** @param desktop starts the tray app when no subcommand is given; returns its exit status */
    public WatchtrayCommand(java.util.function.ToIntFunction<String[]> desktop) {
        this.desktop = desktop;
    }

    /** The command line with every subcommand, each constructed with the shared context. */
    public static CommandLine commandLine(CliContext context, java.util.function.ToIntFunction<String[]> desktop) {
        CommandLine cl = new CommandLine(new WatchtrayCommand(desktop));
        cl.addSubcommand(new MonitorCommand(context));
        cl.addSubcommand(new StatusCommand(context));
        cl.addSubcommand(new DecodeCommand());
        cl.addSubcommand(new HistoryCommand(context));
        cl.addSubcommand(new KerberosCommand(context));
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("watchtray: " + e.getMessage());
            return 1;
        });
        return cl;
    }

    @Override
    public Integer call() {
        return desktop.applyAsInt(new String[0]);
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = WatchtrayCommand.class.getPackage().getImplementationVersion();
            return new String[] {"watchtray " + (v == null ? "development" : v)};
        }
    }
}
