package org.watchtray.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.watchtray.app.text.EventText;
import org.watchtray.app.wiring.Backend;
import org.watchtray.core.source.SourceStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code watchtray status}: every source, the mechanism it uses and why a fallback is in use. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List every source with its mechanism and the reason for any fallback.")
public final class StatusCommand implements Callable<Integer> {
    private static final Duration STARTUP = Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "One JSON object per source.")
    private boolean json;

    private final CliContext context;

    public StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<SourceStatus> statuses;
        try (Backend backend = context.backend(spec.commandLine().getErr())) {
            backend.start();
            statuses = backend.awaitStarted(STARTUP);
        }
        EventText words = new EventText(context.messages());
        for (SourceStatus s : statuses) {
            out.println(json ? toJson(s) : format(s, words));
        }
        out.flush();
        return 0;
    }

    /** {"source":"keys","state":"degraded","mechanism":"…","reason":"…"} */
    static String toJson(SourceStatus s) throws com.fasterxml.jackson.core.JsonProcessingException {
        // Made here, not in a static field: picocli builds every command at start-up, and
        // Jackson's ~400 classes should load only when JSON is asked for.
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = mapper.createObjectNode()
                .put("source", s.source().wireName())
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
