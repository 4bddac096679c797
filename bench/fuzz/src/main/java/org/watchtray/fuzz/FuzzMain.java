package org.watchtray.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/fuzz/run [INPUTS] [SEED] [TARGET…]}: runs every target (or those named) for
 * INPUTS inputs each (default 10,000,000), prints one line per target with its inputs/s, saves
 * each failing input under {@code bench/fuzz/findings/}, and ends with
 * {@code fuzz: N targets, M inputs, F failures}. Exit status 1 when anything failed.
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    public static void main(String[] args) throws IOException {
        long inputs = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000L;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20251;
        List<String> only = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();
        Path findings = Path.of(System.getProperty("fuzz.findings", "findings"));
        long total = 0;
        int failures = 0;
        int targets = 0;
        for (Target t : Targets.all()) {
            if (!only.isEmpty() && !only.contains(t.name())) {
                continue;
            }
            Fuzzer.Result r = Fuzzer.run(t, inputs, seed);
            targets++;
            total += r.inputs();
            failures += r.failures().size();
            System.out.printf(Locale.ROOT, "%-18s %,12d inputs %,10.0f inputs/s  max %,9d bytes allocated per input  %d failures%n",
                    t.name(), r.inputs(), r.perSecond(), r.maxAllocated(), r.failures().size());
            for (Fuzzer.Failure f : r.failures()) {
                Files.createDirectories(findings.resolve(t.name()));
                String hex = HexFormat.of().formatHex(f.input());
                Path file = findings.resolve(t.name()).resolve(Integer.toHexString(hex.hashCode()) + ".hex");
                Files.writeString(file, "# " + f.why().replace('\n', ' ') + "\n" + hex + "\n");
                System.out.println("  FAIL " + f.why() + "\n       input " + (hex.length() > 400 ? hex.substring(0, 400) + "…" : hex)
                        + "\n       saved " + file);
            }
            System.out.flush();
        }
        System.out.printf(Locale.ROOT, "fuzz: %d targets, %d inputs, %d failures%n", targets, total, failures);
        System.exit(failures == 0 ? 0 : 1);
    }
}
