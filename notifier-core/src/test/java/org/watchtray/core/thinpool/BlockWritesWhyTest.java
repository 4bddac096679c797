package org.watchtray.core.thinpool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/** The reason the thin-pool status gives when the block-layer write signal cannot be had. */
class BlockWritesWhyTest {
    @Test
    void anArchitectureWithoutASyscallNumberIsSaidSo() {
        // as native-access's SyscallNumber throws it on, say, riscv64
        String why = BlockWrites.why(new OsException("perf_event_open", "this architecture", Errno.ENOSYS,
                "no syscall number for perf_event_open on riscv64 (watchtray knows x86_64 and aarch64)"));

        assertTrue(why.contains("no perf events here") && why.contains("riscv64"), why);
    }
}
