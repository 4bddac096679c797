package org.watchtray.agent.outputs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.watchtray.core.hooks.HookSpecException;
import org.watchtray.core.hooks.HookSpecs;
import org.watchtray.core.settings.DurationText;

/**
 * The agent's own config file (default {@code /etc/watchtray/agent.json}), for what an admin
 * sets up system-wide: the journal, hooks, the Prometheus textfile. Missing file: the defaults
 * (journal on, no hooks, no textfile). A file that cannot be read or has a bad field stops the
 * agent with a message naming the field, so a typo is not silently a missing hook.
 *
 * <pre>
 * {
 *   "journal": {"enabled": true},
 *   "metrics": {"textfile": "/var/lib/prometheus/node-exporter/watchtray.prom", "refresh": "60s"},
 *   "hooks":   {"extend-pool": {"command": ["/usr/local/sbin/watchtray-extend-pool"], "events": ["thinpool.data_threshold"], …}}
 * }
 * </pre>
 */
public final class AgentConfigFile {
    public static final Path DEFAULT = Path.of("/etc/watchtray/agent.json");
    private static final Set<String> KNOWN = Set.of("journal", "metrics", "hooks");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private AgentConfigFile() {
    }

    /** A config file that cannot be used; the message says which file and which field. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    /** Reads {@code file} over {@code base}; a missing file leaves {@code base} as it is. */
    public static AgentOutputs.Config read(Path file, AgentOutputs.Config base) throws Invalid {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return base;
        } catch (JsonProcessingException e) {
            throw new Invalid(file + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Invalid(file + " cannot be read: " + e);
        }
        if (root == null || !root.isObject()) {
            throw new Invalid(file + ": expected a JSON object");
        }
        for (var name : (Iterable<String>) root::fieldNames) {
            if (!KNOWN.contains(name)) {
                throw new Invalid(file + ": unknown field \"" + name + "\" (known: journal, metrics, hooks)");
            }
        }
        AgentOutputs.Config c = base;
        JsonNode journal = root.path("journal");
        if (!journal.isMissingNode()) {
            JsonNode enabled = journal.path("enabled");
            if (!enabled.isBoolean()) {
                throw new Invalid(file + ": journal.enabled: expected true or false, found " + enabled);
            }
            c = c.withJournal(enabled.booleanValue(), c.journalSocket());
        }
        JsonNode metrics = root.path("metrics");
        if (!metrics.isMissingNode()) {
            JsonNode textfile = metrics.path("textfile");
            if (!textfile.isTextual() || !Path.of(textfile.asText()).isAbsolute() || !textfile.asText().endsWith(".prom")) {
                throw new Invalid(file + ": metrics.textfile: expected an absolute path ending in .prom (the textfile collector reads only those), found "
                        + textfile);
            }
            java.time.Duration refresh = c.metricsRefresh();
            if (metrics.has("refresh")) {
                try {
                    refresh = DurationText.parse(metrics.path("refresh").asText());
                } catch (IllegalArgumentException e) {
                    throw new Invalid(file + ": metrics.refresh: " + e.getMessage());
                }
                if (refresh.isZero()) {
                    throw new Invalid(file + ": metrics.refresh: must be longer than 0s");
                }
            }
            c = c.withMetrics(Path.of(textfile.asText()), refresh);
        }
        if (root.has("hooks")) {
            try {
                c = c.withHooks(HookSpecs.read(JSON.convertValue(root.get("hooks"), Map.class), "hooks"));
            } catch (HookSpecException e) {
                throw new Invalid(file + ": " + e.getMessage());
            }
        }
        return c;
    }

    /** Hook names in a config, for the start-up log. */
    static List<String> hookNames(AgentOutputs.Config c) {
        return c.hooks().stream().map(h -> h.name()).toList();
    }
}
