package org.watchtray.fuzz.targets;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.watchtray.core.mounts.MountinfoParser;
import org.watchtray.fuzz.Fixtures;
import org.watchtray.fuzz.Target;

/** {@code /proc/self/mountinfo}: a whole table and single lines; a bad line is {@code MalformedLine}, nothing else. */
public final class Mountinfo implements Target {
    @Override
    public String name() {
        return "mountinfo";
    }

    @Override
    public List<byte[]> seeds() {
        return Fixtures.lines(Fixtures.of("org.watchtray.core.mounts.MountinfoParserTest", "RECORDED"));
    }

    @Override
    public List<byte[]> dictionary() {
        return List.of(Fixtures.utf8(" - "), Fixtures.utf8("shared:1 "), Fixtures.utf8("master:7 "), Fixtures.utf8("\\134"),
                Fixtures.utf8("\\012"), Fixtures.utf8("\\1"), Fixtures.utf8("0:0 "), Fixtures.utf8("4294967296:1 "));
    }

    @Override
    public void run(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        MountinfoParser.parse(text);
        try {
            MountinfoParser.parseLine(text);
        } catch (MountinfoParser.MalformedLine declared) {
            // the documented answer for a bad line
        }
    }
}
