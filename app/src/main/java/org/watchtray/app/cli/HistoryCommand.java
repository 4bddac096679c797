package org.watchtray.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.watchtray.app.history.HistoryException;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.history.HistoryStore.Query;
import org.watchtray.core.history.HistoryStore.StoredEvent;
import org.watchtray.core.settings.XdgPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code watchtray history}: events from the history, oldest first, for people and scripts. */
@Command(name = "history", mixinStandardHelpOptions = true)
public final class HistoryCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--since", paramLabel = "WHEN")
    private String since;

    @Option(names = "--source", paramLabel = "SOURCE")
    private List<String> sources = List.of();

    @Option(names = "--severity", paramLabel = "LEVEL")
    private String severity;

    @Option(names = "--json")
    private boolean json;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000")
    private int limit;

    private final CliContext context;

    public HistoryCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Messages m = context.messages();
        EventText words = new EventText(m);
        Query query;
        try {
            query = new Query(parseSince(m), null, parseSources(m), parseSeverity(m), null, limit);
        } catch (IllegalArgumentException e) {
            err.println("watchtray history: " + e.getMessage());
            err.flush();
            return 2;
        }
        Path file = new XdgPaths(context.environment()).historyFile();
        if (!Files.exists(file)) {
            err.println("watchtray history: " + m.format("cli.history.none", file.toString()));
            err.flush();
            return 0;
        }
        List<StoredEvent> rows;
        // Read-only: a damaged history is reported, never moved aside or recreated (the app does that).
        try (SqliteHistoryStore store = SqliteHistoryStore.openReadOnly(file, context.clock())) {
            rows = store.query(query);
        } catch (HistoryException e) {
            err.println("watchtray history: " + (e.kind() == HistoryException.Kind.CORRUPT
                    ? m.format("cli.history.corrupt", e.getMessage()) : e.getMessage()));
            err.flush();
            return 1;
        }
        EventJson jsonFormat = new EventJson();
        EventLines lines = new EventLines(words);
        int unshown = 0;
        for (StoredEvent s : rows.reversed()) {
            String line;
            try {
                line = json ? jsonFormat.toJson(s.event()) : lines.toLine(s.event());
            } catch (RuntimeException e) {
                // One row this version cannot show (a field it expects is absent) is told, and the rest still printed.
                unshown++;
                err.println("watchtray history: " + m.format("cli.history.unshown", Long.toString(s.id()), s.event().name(), e.toString()));
                continue;
            }
            out.println(line);
        }
        out.flush();
        if (unshown > 0) {
            err.println("watchtray history: " + m.format("cli.history.unshown_count", unshown));
        }
        err.flush();
        return 0;
    }

    private Instant parseSince(Messages m) {
        if (since == null || since.isBlank()) {
            return null;
        }
        String s = since.strip().toLowerCase(Locale.ROOT);
        try {
            return Instant.parse(since.strip());
        } catch (DateTimeParseException notAnInstant) {
            try {
                long n = Long.parseLong(s.substring(0, s.length() - 1));
                Duration back = switch (s.charAt(s.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new NumberFormatException();
                };
                return context.clock().instant().minus(back);
            } catch (ArithmeticException | java.time.DateTimeException tooFarBack) {
                return Instant.MIN; // further back than time goes: everything
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException(m.format("cli.history.since", since));
            }
        }
    }

    private Set<SourceId> parseSources(Messages m) {
        Set<SourceId> out = EnumSet.noneOf(SourceId.class);
        for (String s : sources) {
            try {
                out.add(SourceId.fromWireName(s.strip().toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(m.format("cli.history.source", s.strip()));
            }
        }
        return out;
    }

    private Severity parseSeverity(Messages m) {
        try {
            return severity == null ? null : Severity.parse(severity);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(m.format("cli.history.severity", severity.strip()));
        }
    }
}
