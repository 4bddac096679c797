package org.watchtray.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bounded run CI does on every build: 100,000 inputs per target (a fixed seed, so a
 * failure reproduces), 0 undeclared exceptions, 0 hangs, bounded allocation. The full run is
 * {@code bench/fuzz/run} (10,000,000 per target).
 */
class FuzzSmokeTest {
    static final long INPUTS = Long.getLong("fuzz.inputs", 100_000);

    @TestFactory
    Stream<DynamicTest> everyTargetHoldsForABoundedRun() {
        return Targets.all().stream().map(t -> DynamicTest.dynamicTest(t.name(), () -> {
            Fuzzer.Result r = Fuzzer.run(t, INPUTS, 20251);
            System.out.printf(Locale.ROOT, "[fuzz] %-16s %,9d inputs %,9.0f inputs/s%n", t.name(), r.inputs(), r.perSecond());
            List<String> failures = r.failures().stream().map(f -> f.why() + "\n  input " + HexFormat.of().formatHex(f.input())).toList();
            assertEquals(List.of(), failures, t.name());
        }));
    }
}
