package org.watchtray.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.watchtray.app.history.HistoryException;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.wiring.DesktopOutputs;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.history.HistoryStore;
import org.watchtray.core.hooks.HookRunner;
import org.watchtray.core.journal.JournalSink;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.XdgPaths;
import org.watchtray.core.source.SourceStatus;

/**
 * What {@code watchtray status} says about watchtray's outputs, read without changing anything:
 * the settings (journal on or off, the hooks, each checked as before a run), whether journald's
 * socket is there, the agent's config file for its Prometheus textfile, and the history (opened
 * read-only, never created) for the last problem the running app recorded about each — the
 * journal's and the hooks' statuses are events there (docs/journal.md, docs/hooks.md), the
 * agent's hook failures included (it relays them to desktops).
 */
final class OutputStatuses {
    /** Where the agent's config is, when not {@link #AGENT_CONFIG} (tests). */
    static final String AGENT_CONFIG_VARIABLE = "WATCHTRAY_AGENT_CONFIG";
    static final Path AGENT_CONFIG = Path.of("/etc/watchtray/agent.json");
    /** How far back the history is searched for the outputs' statuses: newest first, a bounded read. */
    private static final int STATUS_EVENTS = 5_000;

    private final Environment environment;
    private final Clock clock;

    OutputStatuses(Environment environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    /**
     * The journal, the textfile (only when the agent's config names one) and the hooks.
     *
     * @param problems told why the history could not be read, if so (the lines are still given)
     */
    List<OutputStatus> read(Settings settings, java.util.function.Consumer<String> problems) {
        Map<SourceId, OutputStatus.Trouble> last = recorded(problems);
        List<OutputStatus> out = new ArrayList<>();
        out.add(new OutputStatus("journal", journal(settings), Optional.ofNullable(last.get(SourceId.JOURNAL))));
        textfile(problems).ifPresent(out::add);
        out.add(new OutputStatus("hooks", HookRunner.statusOf(settings.hooks()), Optional.ofNullable(last.get(SourceId.HOOKS))));
        return out;
    }

    private SourceStatus journal(Settings settings) {
        Path socket = environment.get(DesktopOutputs.JOURNAL_SOCKET_VARIABLE).map(Path::of).orElse(JournalSink.SOCKET);
        String mechanism = "native protocol to " + socket;
        if (!settings.journal().enabled()) {
            return new SourceStatus(SourceId.JOURNAL, SourceStatus.State.DISABLED, mechanism, "");
        }
        if (!Files.exists(socket)) {
            return SourceStatus.unavailable(SourceId.JOURNAL, "no journald is listening (no socket at " + socket + "); entries are dropped and counted");
        }
        return SourceStatus.active(SourceId.JOURNAL, mechanism);
    }

    /** The agent's Prometheus textfile, when its config file names one: there, and how old. */
    private Optional<OutputStatus> textfile(java.util.function.Consumer<String> problems) {
        Path config = environment.get(AGENT_CONFIG_VARIABLE).map(Path::of).orElse(AGENT_CONFIG);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(config));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            problems.accept(config + " cannot be read (" + e.getMessage() + "), so the agent's textfile is not shown");
            return Optional.empty();
        }
        JsonNode path = root == null ? null : root.path("metrics").path("textfile");
        if (path == null || !path.isTextual() || path.asText().isBlank()) {
            return Optional.empty();
        }
        Path file = Path.of(path.asText());
        String mechanism = "watchtray-agent writes " + file;
        SourceStatus now;
        try {
            Instant written = Files.getLastModifiedTime(file).toInstant();
            Duration age = Duration.between(written, clock.instant());
            now = OutputStatus.status(SourceStatus.State.ACTIVE, mechanism + " (last written " + written + ", "
                    + Math.max(0, age.toSeconds()) + " s ago)", "");
        } catch (NoSuchFileException e) {
            now = OutputStatus.status(SourceStatus.State.UNAVAILABLE, mechanism,
                    file + " does not exist: the agent is not running or cannot write there (" + config + ")");
        } catch (IOException e) {
            now = OutputStatus.status(SourceStatus.State.UNAVAILABLE, mechanism, file + " cannot be looked at: " + e.getMessage());
        }
        return Optional.of(new OutputStatus("metrics", now, Optional.empty()));
    }

    /** The last problem the running app recorded about the journal and about the hooks, and whether it is over. */
    private Map<SourceId, OutputStatus.Trouble> recorded(java.util.function.Consumer<String> problems) {
        Map<SourceId, OutputStatus.Trouble> last = new EnumMap<>(SourceId.class);
        Path file = new XdgPaths(environment).historyFile();
        if (!Files.exists(file)) {
            return last;
        }
        List<HistoryStore.StoredEvent> rows;
        // Read-only, and no whole-file scan: a damaged history is the app's to repair, not this command's.
        try (SqliteHistoryStore store = SqliteHistoryStore.openLiveReader(file, clock)) {
            rows = store.query(new HistoryStore.Query(null, null, Set.of(SourceId.META), null, null, STATUS_EVENTS));
        } catch (HistoryException e) {
            problems.accept("the history cannot be read (" + e.getMessage() + "), so the outputs' last problems are not shown");
            return last;
        }
        Map<SourceId, Instant> workingSince = new EnumMap<>(SourceId.class);
        for (HistoryStore.StoredEvent row : rows) { // newest first
            if (!(row.event() instanceof SourceStatusEvent s)) {
                continue;
            }
            SourceId about = s.status().source();
            if ((about != SourceId.JOURNAL && about != SourceId.HOOKS) || last.containsKey(about)) {
                continue;
            }
            switch (s.status().state()) {
                case ACTIVE, DISABLED -> workingSince.put(about, s.time());
                case DEGRADED, UNAVAILABLE -> last.put(about, new OutputStatus.Trouble(s.time(), s.status(),
                        Optional.ofNullable(workingSince.get(about))));
            }
        }
        return last;
    }
}
