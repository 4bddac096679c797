package org.watchtray.fuzz;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every input the fuzzer ever failed on, kept with its bytes: {@code regressions/TARGET/*.hex}
 * (a {@code #} line saying what it broke, then the input in hex). Each must now pass.
 */
class FuzzRegressionTest {
    private static final Path DIR = Path.of("src/test/resources/regressions");

    @TestFactory
    Stream<DynamicTest> everyFormerFailurePasses() throws IOException {
        Map<String, Target> targets = Targets.all().stream().collect(Collectors.toMap(Target::name, Function.identity()));
        try (Stream<Path> files = Files.walk(DIR)) {
            return files.filter(f -> f.toString().endsWith(".hex")).sorted().toList().stream().map(f -> DynamicTest.dynamicTest(
                    DIR.relativize(f).toString(), () -> {
                        Target t = targets.get(f.getParent().getFileName().toString());
                        assertTrue(t != null, "no target named " + f.getParent().getFileName());
                        String hex = Files.readAllLines(f).stream().filter(l -> !l.startsWith("#")).collect(Collectors.joining()).strip();
                        assertNull(Fuzzer.runOne(t, HexFormat.of().parseHex(hex)), f.toString());
                    }));
        }
    }
}
