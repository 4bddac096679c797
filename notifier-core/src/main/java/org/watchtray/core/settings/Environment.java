package org.watchtray.core.settings;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of the process environment that decide where files live, injectable so tests
 * never touch the real home directory.
 */
public record Environment(Map<String, String> variables, Path home) {

    public Environment {
        variables = Map.copyOf(variables);
    }

    public static Environment current() {
        return new Environment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public Optional<String> get(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
