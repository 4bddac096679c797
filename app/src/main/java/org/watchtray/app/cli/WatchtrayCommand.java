package org.watchtray.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The root command: {@code watchtray [SUBCOMMAND]}. */
@Command(name = "watchtray", mixinStandardHelpOptions = true, versionProvider = WatchtrayCommand.Version.class)
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
        // After the subcommands: picocli hands the bundle down to every command already added. The
        // bundle is the user's language as Messages chose it (never picocli's own getBundle, which
        // would look in the JVM default locale and cannot see into this module).
        cl.setResourceBundle(context.messages().commandLineHelp());
        cl.setParameterExceptionHandler(new UsageErrors());
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

    /**
     * The version and git commit the build was made from, written into {@code version.properties}
     * by Maven at build time (resource filtering, buildnumber-maven-plugin): nothing is asked of
     * git when watchtray runs, so an installed package and a checkout say the same.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {describe(WatchtrayCommand.class.getResourceAsStream("version.properties"))};
        }

        /** "watchtray 0.1.0 (commit 0123456789ab)"; what is missing is said, not guessed. */
        static String describe(java.io.InputStream in) {
            java.util.Properties p = new java.util.Properties();
            try (in) {
                if (in != null) {
                    p.load(in);
                }
            } catch (java.io.IOException e) {
                // Told below as an unknown version.
            }
            String version = known(p.getProperty("version"));
            String commit = known(p.getProperty("commit"));
            if (version == null) {
                return "watchtray (version unknown: not built by Maven)";
            }
            return "watchtray " + version + (commit == null ? " (commit unknown)" : " (commit " + commit + ")");
        }

        /** A filtered value, or null when the build left it unset ("${…}") or could not tell ("unknown"). */
        private static String known(String v) {
            return v == null || v.isBlank() || v.contains("${") || v.equals("unknown") ? null : v.strip();
        }
    }
}
