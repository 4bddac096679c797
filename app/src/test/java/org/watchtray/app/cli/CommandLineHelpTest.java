package org.watchtray.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.Main;
import org.watchtray.app.text.Messages;
import org.watchtray.core.settings.Environment;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code watchtray --help} and its usage errors in the user's language: the real CLI in its own JVM with
 * {@code LANG} set as a user's shell sets it (and no {@code LC_ALL}/{@code LC_MESSAGES}), so the JVM and
 * the app choose the locale exactly as they do for the user. The host has no German locale installed and
 * /etc is not ours to change: de_DE.UTF-8 is compiled into a temp dir with localedef and found through
 * {@code LOCPATH}.
 */
class CommandLineHelpTest {
    @TempDir
    static Path locales;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void germanLocale() throws Exception {
        Process p = new ProcessBuilder("localedef", "-i", "de_DE", "-f", "UTF-8", locales.resolve("de_DE.UTF-8").toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "localedef (Debian package locales, see bin/install-test-deps): " + output);
    }

    /** {@code watchtray args} in a new JVM with {@code LANG=lang}. */
    private static Run watchtray(String lang, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANGUAGE"));
        pb.environment().put("LANG", lang);
        pb.environment().put("LOCPATH", locales.toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        // Both streams are small (a help text); reading one after the other cannot block the child.
        var err = p.getErrorStream();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errText = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("watchtray " + String.join(" ", args) + " did not end");
        }
        return new Run(p.exitValue(), out, errText);
    }

    @Test
    void aGermanUserGetsGermanHelpForTheTopCommand() throws Exception {
        Run r = watchtray("de_DE.UTF-8", "--help");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("Aufruf: watchtray [-hV] [BEFEHL]", lines.get(0), r.out());
        assertEquals("Meldungen von Kernel und System als Desktop-Benachrichtigungen und in einer", lines.get(1), r.out());
        assertTrue(lines.contains("  -h, --help      Diese Hilfe zeigen und beenden."), r.out());
        assertTrue(lines.contains("  -V, --version   Die Versionsangaben zeigen und beenden."), r.out());
        assertTrue(lines.contains("Befehle:"), r.out());
        assertTrue(lines.contains("  kerberos  Kerberos-Tickets auflisten und erneuern."), r.out());
        assertFalse(r.out().contains("Usage") || r.out().contains("Commands") || r.out().contains("Show this"), r.out());
    }

    @Test
    void aGermanUserGetsGermanHelpForASubcommand() throws Exception {
        Run r = watchtray("de_DE.UTF-8", "monitor", "--help");
        assertEquals(0, r.exit(), r.err());
        // Line by line, not the whole text: other branches add options to monitor.
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("Aufruf: watchtray monitor [-hV] "), r.out());
        for (String line : List.of(
                "Ereignisse zeigen, sobald sie geschehen, eines pro Zeile, bis zum Abbruch.",
                "      --count=N            Nach N Ereignissen beenden.",
                "      --duration=SECONDS   Nach so vielen Sekunden beenden.",
                "  -h, --help               Diese Hilfe zeigen und beenden.",
                "      --json               Ein JSON-Objekt pro Zeile (time, source, event,",
                "                             severity, summary, subject, details).",
                "  -V, --version            Die Versionsangaben zeigen und beenden.")) {
            assertTrue(lines.contains(line), line + " in\n" + r.out());
        }
        assertFalse(r.out().contains("Usage") || r.out().contains("Exit after") || r.out().contains("Show this"), r.out());
    }

    @Test
    void theCLocaleGetsEnglishHelp() throws Exception {
        Run top = watchtray("C", "--help");
        assertEquals(0, top.exit(), top.err());
        List<String> lines = top.out().lines().toList();
        assertEquals("Usage: watchtray [-hV] [COMMAND]", lines.get(0), top.out());
        assertEquals("Kernel and system notifications as desktop alerts and a live event timeline.", lines.get(1));
        assertEquals("Without a subcommand, starts the tray app.", lines.get(2));
        assertTrue(lines.contains("Commands:"), top.out());
        assertTrue(lines.contains("  -h, --help      Show this help message and exit."), top.out());

        Run history = watchtray("C", "history", "--help");
        assertTrue(history.out().contains("--limit=N          At most the N newest matching events (default 1000; 0\n"
                + "                           = all)."), history.out());
    }

    /** picocli's own detail ("Unknown option") stays as it wrote it, under a line in the user's language. */
    @Test
    void aUsageErrorLeadsWithALineInTheUsersLanguage() throws Exception {
        Run de = watchtray("de_DE.UTF-8", "monitor", "--count", "many");
        assertEquals(2, de.exit());
        assertEquals("", de.out());
        List<String> lines = de.err().lines().toList();
        assertEquals("watchtray: ungültige Befehlszeile:", lines.get(0), de.err());
        assertEquals("Invalid value for option '--count': 'many' is not a long", lines.get(1), de.err());
        assertTrue(lines.get(2).startsWith("Aufruf: watchtray monitor [-hV] "), de.err());

        Run en = watchtray("C", "--bogus");
        assertEquals(2, en.exit());
        assertEquals(List.of("watchtray: invalid command line:", "Unknown option: '--bogus'"),
                en.err().lines().limit(2).toList(), en.err());
    }

    /**
     * Every command, option and parameter takes its description from each bundle file on its own (the
     * German file without the English one behind it): an option added with an annotation description and
     * no keys, or with English keys only, fails here.
     */
    @Test
    void everyCommandAndOptionIsDescribedInEveryLanguage() throws Exception {
        Set<String> englishKeys = null;
        List<String> files = new ArrayList<>(List.of("usage.properties"));
        Messages.TRANSLATIONS.forEach(l -> files.add("usage_" + l.getLanguage() + ".properties"));
        for (String file : files) {
            ResourceBundle bundle = standalone(file);
            Set<String> values = new TreeSet<>();
            for (String key : Collections.list(bundle.getKeys())) {
                values.add(bundle.getString(key));
            }
            CommandLine cl = WatchtrayCommand.commandLine(new CliContext(new Environment(Map.of(), Path.of("/nonexistent")),
                    Clock.systemUTC(), null), args -> 0);
            cl.setResourceBundle(bundle);
            List<String> missing = new ArrayList<>();
            int described = walk(cl.getCommandSpec(), values, missing);
            assertEquals(List.of(), missing, file + ": texts not from this file");
            assertTrue(described > 25, file + ": only " + described + " texts seen: the walk missed commands");
            Set<String> keys = new TreeSet<>(bundle.keySet());
            if (englishKeys == null) {
                englishKeys = keys;
            } else {
                assertEquals(englishKeys, keys, file + " has other keys than usage.properties");
            }
        }
    }

    /** Checks {@code spec} and its subcommands; returns how many descriptions it checked. */
    private static int walk(CommandSpec spec, Set<String> fromBundle, List<String> missing) {
        int n = check(spec.qualifiedName(), List.of(spec.usageMessage().description()), fromBundle, missing);
        for (ArgSpec arg : spec.args()) {
            String name = arg instanceof CommandLine.Model.OptionSpec o ? o.longestName() : arg.paramLabel();
            // picocli has put the default value in where the text asks for it.
            Set<String> texts = new TreeSet<>();
            fromBundle.forEach(t -> texts.add(t.replace("${DEFAULT-VALUE}", String.valueOf(arg.defaultValueString()))));
            n += check(spec.qualifiedName() + " " + name, List.of(arg.description()), texts, missing);
        }
        for (CommandLine sub : spec.subcommands().values().stream().distinct().toList()) {
            n += walk(sub.getCommandSpec(), fromBundle, missing);
        }
        return n;
    }

    private static int check(String what, List<String> description, Set<String> fromBundle, List<String> missing) {
        if (description.isEmpty() || !fromBundle.containsAll(description)) {
            missing.add(what + ": " + description);
        }
        return 1;
    }

    /** One bundle file alone, without the base as parent. */
    private static ResourceBundle standalone(String file) throws IOException {
        try (InputStream in = Main.class.getResourceAsStream("text/" + file)) {
            return new PropertyResourceBundle(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }
}
