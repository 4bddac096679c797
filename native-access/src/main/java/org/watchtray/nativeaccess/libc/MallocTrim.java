package org.watchtray.nativeaccess.libc;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import org.watchtray.core.os.NativeHeap;

/** glibc's malloc_trim(3); absent from other C libraries, where {@link #nativeHeap()} does nothing. */
public final class MallocTrim implements NativeHeap {
    private static final Optional<MethodHandle> malloc_trim = Native.bindIn(Native.LINKER.defaultLookup(), "malloc_trim",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG));

    private final MethodHandle handle;

    private MallocTrim(MethodHandle handle) {
        this.handle = handle;
    }

    /** The process's C heap; {@link NativeHeap#NONE} when the C library has no malloc_trim. */
    public static NativeHeap nativeHeap() {
        return malloc_trim.<NativeHeap>map(MallocTrim::new).orElse(NativeHeap.NONE);
    }

    @Override
    public boolean trim() {
        try {
            // malloc_trim(pad = 0): every arena, keeping no spare at the top; 1 when memory was released.
            return (int) handle.invokeExact(Native.state(), 0L) == 1;
        } catch (Throwable e) {
            throw new IllegalStateException("malloc_trim failed", e);
        }
    }
}
