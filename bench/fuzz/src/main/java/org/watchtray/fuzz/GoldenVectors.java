package org.watchtray.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The golden vectors of {@code docs/wire-format.md} (fenced blocks {@code ```hex NAME}; on
 * each line, {@code #} starts a comment), every kernel and agent record shape there is.
 */
public final class GoldenVectors {
    private GoldenVectors() {
    }

    public static List<byte[]> all() {
        Path doc = Path.of(System.getProperty("fuzz.docs", "docs"), "wire-format.md");
        try {
            List<byte[]> out = new ArrayList<>();
            StringBuilder hex = null;
            for (String line : Files.readAllLines(doc)) {
                if (line.startsWith("```hex ")) {
                    hex = new StringBuilder();
                } else if (line.startsWith("```") && hex != null) {
                    out.add(HexFormat.of().parseHex(hex.toString()));
                    hex = null;
                } else if (hex != null) {
                    int comment = line.indexOf('#');
                    hex.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
                }
            }
            if (out.isEmpty()) {
                throw new IllegalStateException("no golden vectors in " + doc);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("golden vectors: " + doc + " (run from the checkout's top or set -Dfuzz.docs)", e);
        }
    }
}
