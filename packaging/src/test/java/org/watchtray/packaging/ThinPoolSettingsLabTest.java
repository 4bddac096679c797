package org.watchtray.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.lab.KernelLab;

/**
 * Issue 16's check in the kernel lab VM (real dm-thin): a user who set 70 % in the settings
 * file gets a 70 % event when the pool is 75 % full; a user left at 80 % gets none until 80 %.
 * Two desktops, one agent, one boot.
 */
class ThinPoolSettingsLabTest {

    /** A pool on loop devices: 64 MiB in 1024 blocks of 64 KiB (no low-water mark), and a 128 MiB thin volume in it. */
    static final String PRELUDE = KernelLab.thinPool(0);


    private static final Pattern TP = Pattern.compile("(seventy|eighty) \\d+ TP (\\w+) threshold=(\\d+) data=([\\d.]+) \\| .*");

    @Test
    void aUserWhoSetSeventyPercentHearsAtSeventyAndAUserLeftAtEightyDoesNot() throws Exception {
        KernelLab.Result r = KernelLab.java(PRELUDE, ThinPoolSettingsLab.class, 600);
        String out = r.output();
        System.out.println(r.describe());
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(out.contains("seventy THRESHOLDS [70, 85, 90, 95]") && out.contains("eighty THRESHOLDS [80, 85, 90, 95]"), out);
        List<Matcher> events = out.lines().map(TP::matcher).filter(Matcher::matches).toList();
        // The agent looks at the devices' I/O counters every 0.9 s while they move, so a reading may land while a
        // fill is still writing: the crossing is heard somewhere between the threshold and the fill's end.
        List<String> seventy = events.stream().filter(m -> m.group(1).equals("seventy") && m.group(2).equals("DATA_THRESHOLD"))
                .map(m -> m.group(3) + between(Double.parseDouble(m.group(4)), 70, 75)).toList();
        List<String> eighty = events.stream().filter(m -> m.group(1).equals("eighty") && m.group(2).equals("DATA_THRESHOLD"))
                .map(m -> m.group(3) + between(Double.parseDouble(m.group(4)), 80, 81)).toList();
        assertEquals(List.of("70 at 70..75"), seventy, "the 70 % user hears by 75 %, and 81 % crosses nothing of theirs:\n" + out);
        assertEquals(List.of("80 at 80..81"), eighty, "the user left at 80 % hears nothing at 75 %, and 80 % by 81 %:\n" + out);
    }

    private static String between(double data, int from, int to) {
        return data >= from && Math.round(data) <= to ? " at " + from + ".." + to : " at " + Math.round(data);
    }
}
