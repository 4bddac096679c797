package org.watchtray.nativeaccess.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/** The raw syscall numbers per architecture, from the kernel's tables (x86-64 syscall_64.tbl, asm-generic/unistd.h). */
class SyscallNumberTest {
    @Test
    void x86_64AsJavaNamesIt() throws OsException {
        assertEquals(298, SyscallNumber.PERF_EVENT_OPEN.on("amd64"));
        assertEquals(248, SyscallNumber.ADD_KEY.on("amd64"));
        assertEquals(250, SyscallNumber.KEYCTL.on("amd64"));
        assertEquals(457, SyscallNumber.STATMOUNT.on("amd64"));
        assertEquals(458, SyscallNumber.LISTMOUNT.on("amd64"));
        assertEquals(298, SyscallNumber.PERF_EVENT_OPEN.on("x86_64"));
    }

    @Test
    void aarch64HasTheGenericNumbers() throws OsException {
        assertEquals(241, SyscallNumber.PERF_EVENT_OPEN.on("aarch64"));
        assertEquals(217, SyscallNumber.ADD_KEY.on("aarch64"));
        assertEquals(219, SyscallNumber.KEYCTL.on("aarch64"));
        assertEquals(457, SyscallNumber.STATMOUNT.on("aarch64"));
        assertEquals(458, SyscallNumber.LISTMOUNT.on("aarch64"));
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
