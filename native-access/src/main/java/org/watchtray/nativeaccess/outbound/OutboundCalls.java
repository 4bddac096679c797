package org.watchtray.nativeaccess.outbound;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.watchtray.nativeaccess.libc.Native;

/**
 * The C library calls watchtray's outputs need beyond {@code Libc}: one handle per symbol,
 * named after it (OutboundCallsTest checks each name against the symbol it was bound to).
 * Each wrapper returns the raw result; errno is captured per call in the calling thread's
 * state segment and read with {@link Native#errno()} right after.
 */
final class OutboundCalls {
    static final int MSG_NOSIGNAL = 0x4000;
    static final int SOL_SOCKET = 1, SCM_RIGHTS = 1;
    /** SO_SNDTIMEO on x86-64 (the struct timeval form). */
    static final int SO_SNDTIMEO = 21;
    static final int MFD_CLOEXEC = 0x1, MFD_ALLOW_SEALING = 0x2;
    /** F_LINUX_SPECIFIC_BASE (1024) + 9. */
    static final int F_ADD_SEALS = 1033;
    static final int F_SEAL_SEAL = 0x1, F_SEAL_SHRINK = 0x2, F_SEAL_GROW = 0x4, F_SEAL_WRITE = 0x8;

    static final MethodHandle sendmsg = Native.bind("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle memfd_create = Native.bind("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** fcntl(int fd, int cmd, ...): variadic after the command. */
    static final MethodHandle fcntl = Native.bind("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    static final MethodHandle kill = Native.bind("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private OutboundCalls() {
    }

    static long sendmsg(int fd, MemorySegment msghdr, int flags) {
        return Native.rawLong(() -> (long) sendmsg.invokeExact(Native.state(), fd, msghdr, flags));
    }

    static int memfd_create(String name, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocateFrom(name);
            return Native.raw(() -> (int) memfd_create.invokeExact(Native.state(), n, flags));
        }
    }

    static int fcntl(int fd, int cmd, int arg) {
        return Native.raw(() -> (int) fcntl.invokeExact(Native.state(), fd, cmd, arg));
    }

    static int kill(int pid, int signal) {
        return Native.raw(() -> (int) kill.invokeExact(Native.state(), pid, signal));
    }
}
