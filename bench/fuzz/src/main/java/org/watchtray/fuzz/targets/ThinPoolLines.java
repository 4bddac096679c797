package org.watchtray.fuzz.targets;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.watchtray.core.thinpool.DmNames;
import org.watchtray.core.thinpool.ThinPoolStatusParser;
import org.watchtray.core.thinpool.ThinPoolTableParser;
import org.watchtray.fuzz.Fixtures;
import org.watchtray.fuzz.Target;

/** dm thin-pool status and table lines, and LVM names from dm names and UUIDs: Ok or Malformed. */
public final class ThinPoolLines implements Target {
    @Override
    public String name() {
        return "thinpool-lines";
    }

    @Override
    public List<byte[]> seeds() {
        return List.of(Fixtures.of("org.watchtray.core.thinpool.ThinPoolStatusParserTest", "FRESH_POOL"),
                Fixtures.of("org.watchtray.core.thinpool.ThinPoolStatusParserTest", "OUT_OF_SPACE"),
                Fixtures.utf8("7:0 7:1 128 768 1 error_if_no_space"), Fixtures.utf8("vg0-pool-tpool\0LVM-abcdef-tpool"));
    }

    @Override
    public List<byte[]> dictionary() {
        return List.of(Fixtures.utf8("out_of_data_space "), Fixtures.utf8("needs_check "), Fixtures.utf8("Fail"),
                Fixtures.utf8("/0 "), Fixtures.utf8("18446744073709551615/1 "), Fixtures.utf8("--"), Fixtures.utf8("-tpool"));
    }

    @Override
    public void run(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ThinPoolStatusParser.parse(text);
        ThinPoolTableParser.parse(text);
        int nul = text.indexOf('\0');
        DmNames.lvmName(nul < 0 ? text : text.substring(0, nul), nul < 0 ? "LVM-" + text : text.substring(nul + 1));
    }
}
