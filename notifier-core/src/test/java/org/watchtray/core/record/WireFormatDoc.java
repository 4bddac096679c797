package org.watchtray.core.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden vectors of docs/wire-format.md: fenced blocks whose info string is
 * {@code hex <name>}; text after {@code #} on a line is a comment, the rest are hex bytes.
 */
final class WireFormatDoc {
    static final Path PATH = Path.of("..", "docs", "wire-format.md");

    private WireFormatDoc() {
    }

    static Map<String, byte[]> vectors() {
        try {
            return parse(Files.readAllLines(PATH));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PATH.toAbsolutePath(), e);
        }
    }

    static Map<String, byte[]> parse(List<String> lines) {
        Map<String, byte[]> vectors = new LinkedHashMap<>();
        String name = null;
        StringBuilder hex = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.strip();
            if (name == null && trimmed.startsWith("```hex ")) {
                name = trimmed.substring("```hex ".length()).strip();
                hex.setLength(0);
            } else if (name != null && trimmed.equals("```")) {
                if (vectors.put(name, HexFormat.of().parseHex(hex)) != null) {
                    throw new IllegalStateException("golden vector '" + name + "' appears twice");
                }
                name = null;
            } else if (name != null) {
                int comment = trimmed.indexOf('#');
                String bytes = comment < 0 ? trimmed : trimmed.substring(0, comment);
                for (String token : bytes.strip().split("\\s+")) {
                    if (token.isEmpty()) {
                        continue;
                    }
                    if (token.length() != 2) {
                        throw new IllegalStateException("golden vector '" + name + "': '" + token + "' is not one byte");
                    }
                    hex.append(token);
                }
            }
        }
        if (name != null) {
            throw new IllegalStateException("golden vector '" + name + "' is not closed");
        }
        return vectors;
    }
}
