package org.watchtray.nativeaccess.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/** The raw syscall numbers per architecture, from the kernel's tables (x86-64 syscall_64.tbl, asm-generic/unistd.h). */
class SyscallNumberTest {
    /** The kernel's tables: x86-64 syscall_64.tbl, aarch64 asm-generic/unistd.h (since Linux 5.1, 424 and up, one number everywhere). */
    @ParameterizedTest
    @CsvSource({
            "PERF_EVENT_OPEN, 298, 241",
            "ADD_KEY,         248, 217",
            "KEYCTL,          250, 219",
            "STATMOUNT,       457, 457",
            "LISTMOUNT,       458, 458",
            "SCHED_SETATTR,   314, 274",
            "SCHED_GETATTR,   315, 275"})
    void theNumberOnEachArchitecture(SyscallNumber call, long x86_64, long aarch64) throws OsException {
        assertEquals(x86_64, call.on("amd64"), "x86-64, as Java names it");
        assertEquals(x86_64, call.on("x86_64"));
        assertEquals(aarch64, call.on("aarch64"));
    }

    @Test
    void anotherArchitectureIsENOSYSSayingWhy() {
        OsException e = assertThrows(OsException.class, () -> SyscallNumber.PERF_EVENT_OPEN.on("riscv64"));
        assertEquals(Errno.ENOSYS, e.errno());
        assertTrue(e.getMessage().contains("perf_event_open") && e.getMessage().contains("riscv64"), e.getMessage());
    }

    @Test
    void thisMachinesArchitectureIsKnown() throws OsException {
        assertEquals(SyscallNumber.PERF_EVENT_OPEN.on(System.getProperty("os.arch")), SyscallNumber.PERF_EVENT_OPEN.number());
    }
}
