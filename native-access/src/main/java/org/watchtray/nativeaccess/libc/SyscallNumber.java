package org.watchtray.nativeaccess.libc;

import java.util.Locale;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/**
 * The raw syscall numbers the bindings call through {@code syscall(2)}: calls glibc has no
 * wrapper for. The numbers differ between architectures (x86-64 keeps its own table, aarch64
 * the generic one; since Linux 5.1, 424 and up, new calls have one number everywhere), so each
 * is looked up for the architecture the JVM runs on. On another architecture the call fails
 * with ENOSYS and says why, the same answer a kernel without the call gives, so the source falls
 * back with that reason in its status instead of calling whatever that number means there.
 */
public enum SyscallNumber {
    /** include/uapi/asm-generic/unistd.h 241; arch/x86/entry/syscalls/syscall_64.tbl 298. */
    PERF_EVENT_OPEN("perf_event_open", 298, 241),
    ADD_KEY("add_key", 248, 217),
    KEYCTL("keyctl", 250, 219),
    STATMOUNT("statmount", 457, 457),
    LISTMOUNT("listmount", 458, 458),
    SCHED_SETATTR("sched_setattr", 314, 274),
    SCHED_GETATTR("sched_getattr", 315, 275);

    /** The architectures there are numbers for. */
    public enum Arch {
        X86_64, AARCH64;

        /** The architecture of {@code os.arch} (Java calls x86-64 "amd64"), or null when there are no numbers for it. */
        static Arch of(String osArch) {
            return switch (osArch.toLowerCase(Locale.ROOT)) {
                case "amd64", "x86_64" -> X86_64;
                case "aarch64", "arm64" -> AARCH64;
                default -> null;
            };
        }
    }

    private static final String OS_ARCH = System.getProperty("os.arch");

    private final String call;
    private final long x86_64;
    private final long aarch64;

    SyscallNumber(String call, long x86_64, long aarch64) {
        this.call = call;
        this.x86_64 = x86_64;
        this.aarch64 = aarch64;
    }

    /** The number on the architecture the JVM runs on. */
    public long number() throws OsException {
        return on(OS_ARCH);
    }

    /** The number on {@code osArch} (a value of {@code os.arch}); ENOSYS, saying which architecture, when there is none. */
    public long on(String osArch) throws OsException {
        Arch arch = Arch.of(osArch);
        if (arch == null) {
            throw new OsException(call, "this architecture", Errno.ENOSYS,
                    "no syscall number for " + call + " on " + osArch + " (watchtray knows x86_64 and aarch64)");
        }
        return switch (arch) {
            case X86_64 -> x86_64;
            case AARCH64 -> aarch64;
        };
    }
}
