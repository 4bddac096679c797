package org.watchtray.fuzz.targets;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.watchtray.core.keys.KeyLookup;
import org.watchtray.core.keys.ProcKeys;
import org.watchtray.fuzz.Fixtures;
import org.watchtray.fuzz.Target;

/**
 * {@code /proc/keys}: rows glued from continuation lines, checked against a KEYCTL_DESCRIBE
 * stand-in that knows no key (so every row is judged as a forgery would be). Linear time is
 * held by the fuzzer's hang limit.
 */
public final class ProcKeysText implements Target {
    @Override
    public String name() {
        return "proc-keys";
    }

    @Override
    public List<byte[]> seeds() {
        return Fixtures.lines(Fixtures.of("org.watchtray.core.keys.ProcKeysTest", "RECORDED"));
    }

    @Override
    public List<byte[]> dictionary() {
        return List.of(Fixtures.utf8("\n"), Fixtures.utf8(" perm "), Fixtures.utf8("99999999999w"), Fixtures.utf8("expd"),
                Fixtures.utf8("3f010000"), Fixtures.utf8("I--Q---"), Fixtures.utf8("keyring"), Fixtures.utf8(": empty"));
    }

    @Override
    public int maxLength() {
        return 16384;
    }

    @Override
    public void run(byte[] input) {
        ProcKeys.parse(new String(input, StandardCharsets.UTF_8), serial -> true, serial -> new KeyLookup.Gone());
    }
}
