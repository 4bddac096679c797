package org.watchtray.fuzz.targets;

import java.util.List;
import org.watchtray.core.mounts.StatmountBuffer;
import org.watchtray.fuzz.Fixtures;
import org.watchtray.fuzz.Target;

/**
 * What statmount(2) wrote into the mount source's buffer, read as the source reads it: the
 * problem check, then (for a buffer it accepts) the cheap numbers, their comparison and the
 * full entry. The decoder promises never to throw: every input either has a problem or reads.
 */
public final class StatmountBuffers implements Target {
    @Override
    public String name() {
        return "statmount";
    }

    @Override
    public List<byte[]> seeds() {
        return List.of(Fixtures.of("org.watchtray.core.mounts.StatmountBufferTest", "RECORDED"));
    }

    @Override
    public List<byte[]> dictionary() {
        // ext4's magic (its options are read for emergency_ro), a size of exactly the fixed part, all mask bits
        return List.of(new byte[] {0x53, (byte) 0xEF, 0, 0}, new byte[] {0, 2, 0, 0}, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});
    }

    @Override
    public int maxLength() {
        return 2048;
    }

    @Override
    public void run(byte[] input) {
        // The source hands the decoder its whole buffer and the length the syscall returned;
        // the buffer is at least the fixed part, so short inputs are padded as the kernel's zeroed buffer would be.
        byte[] buf = input.length >= StatmountBuffer.FIXED_SIZE ? input : java.util.Arrays.copyOf(input, StatmountBuffer.FIXED_SIZE);
        if (StatmountBuffer.problem(buf, input.length) != null) {
            return;
        }
        StatmountBuffer.mask(buf);
        StatmountBuffer.mountId(buf);
        StatmountBuffer.supportedMask(buf);
        StatmountBuffer.Basic basic = StatmountBuffer.basic(buf, input.length);
        if (!StatmountBuffer.sameBasic(buf, input.length, basic)) {
            throw new AssertionError("a buffer's cheap numbers differ from themselves: " + basic);
        }
        StatmountBuffer.entry(buf, input.length, basic);
    }
}
