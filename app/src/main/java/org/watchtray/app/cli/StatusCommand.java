package org.watchtray.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.app.wiring.Backend;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.SourceStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code watchtray status}: every source, the mechanism it uses and why a fallback is in use;
 * then watchtray's outputs (the journal export, the agent's Prometheus textfile, the hooks) with
 * the last problem the running app recorded about each. Read-only: it creates and moves nothing.
 */
@Command(name = "status", mixinStandardHelpOptions = true)
public final class StatusCommand implements Callable<Integer> {
    private static final Duration STARTUP = Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    @Option(names = "--json")
    private boolean json;

    private final CliContext context;

    public StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Settings settings = context.settings().load(err);
        List<SourceStatus> statuses;
        try (Backend backend = context.backend(settings)) {
            backend.start();
            statuses = backend.awaitStarted(STARTUP);
        }
        List<OutputStatus> outputs = new OutputStatuses(context.environment(), context.clock())
                .read(settings, problem -> err.println("watchtray status: " + problem));
        err.flush();
        Messages m = context.messages();
        EventText words = new EventText(m);
        for (SourceStatus s : statuses) {
            out.println(json ? toJson(s) : format(s, words));
        }
        for (OutputStatus o : outputs) {
            out.println(json ? toJson(o) : format(o, words, m));
        }
        out.flush();
        return 0;
    }

    /**
     * {"source":"journal","kind":"output","state":"active","mechanism":"…","last_problem":{"time":"…",
     * "state":"unavailable","mechanism":"…","reason":"…","over":"…"}}: English, like the history.
     */
    static String toJson(OutputStatus o) throws com.fasterxml.jackson.core.JsonProcessingException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = mapper.createObjectNode()
                .put("source", o.name())
                .put("kind", "output")
                .put("state", o.now().state().wireName())
                .put("mechanism", o.now().mechanism());
        if (!o.now().reason().isEmpty()) {
            node.put("reason", o.now().reason());
        }
        o.last().ifPresent(t -> {
            var last = node.putObject("last_problem")
                    .put("time", t.time().toString())
                    .put("state", t.problem().state().wireName())
                    .put("mechanism", t.problem().mechanism())
                    .put("reason", t.problem().reason());
            t.over().ifPresent(over -> last.put("over", over.toString()));
        });
        return mapper.writeValueAsString(node);
    }

    /** "journal    active       native protocol to … ; last problem 02:01:05: not running — …", in the user's language. */
    static String format(OutputStatus o, EventText words, Messages m) {
        // No hooks at all is not a setting turned off: say what there is.
        String now = o.now().source() == org.watchtray.core.event.SourceId.HOOKS && o.now().state() == SourceStatus.State.DISABLED
                ? words.status().mechanism(o.now()) : words.status().explanation(o.now());
        String line = String.format("%-10s %-12s %s", o.name(), o.now().state().wireName(), now);
        if (o.last().isEmpty()) {
            return line;
        }
        OutputStatus.Trouble t = o.last().get();
        String problem = words.status().explanation(t.problem());
        return line + "; " + t.over()
                .map(over -> m.format("status.output.last_problem_over", m.dateTime(t.time()), problem, m.dateTime(over)))
                .orElseGet(() -> m.format("status.output.last_problem", m.dateTime(t.time()), problem));
    }

    /** {"source":"keys","state":"degraded","mechanism":"…","reason":"…"} */
    static String toJson(SourceStatus s) throws com.fasterxml.jackson.core.JsonProcessingException {
        // Made here, not in a static field: picocli builds every command at start-up, and
        // Jackson's ~400 classes should load only when JSON is asked for.
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = mapper.createObjectNode()
                .put("source", s.source().wireName())
                .put("kind", "source")
                .put("state", s.state().wireName())
                .put("mechanism", s.mechanism());
        if (!s.reason().isEmpty()) {
            node.put("reason", s.reason());
        }
        return mapper.writeValueAsString(node);
    }

    /**
     * "keys       degraded     polling /proc/keys every 60 s — kernel lacks …": the source and state
     * keep their machine names (scripts cut these columns), the explanation is in the user's language.
     */
    static String format(SourceStatus s, EventText words) {
        return String.format("%-10s %-12s %s", s.source().wireName(), s.state().wireName(), words.status().explanation(s));
    }

    /** "keys: polling /proc/keys every 60 s — …", in the user's language. */
    static String describe(SourceStatus s, EventText words) {
        return s.source().wireName() + ": " + words.status().explanation(s);
    }
}
