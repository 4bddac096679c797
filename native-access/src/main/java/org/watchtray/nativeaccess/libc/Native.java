package org.watchtray.nativeaccess.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/**
 * The one place where symbols are looked up, errno is captured and failures become
 * {@link OsException}s. Each binding class declares one handle per C symbol through
 * {@link #bind}, named after that symbol.
 */
public final class Native {
    private Native() {
    }

    private static final java.util.Map<MethodHandle, String> SYMBOLS = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    public static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    public static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** Per-thread errno capture segment: never shared between threads, never reallocated per call. */
    private static final ThreadLocal<MemorySegment> STATE = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    /** Per-thread native buffer for byte[] reads and writes, grown on demand and never shared. */
    private static final ThreadLocal<MemorySegment[]> SCRATCH = ThreadLocal.withInitial(() -> new MemorySegment[1]);

    private static final MethodHandle strerror = LINKER.downcallHandle(
            LIBC.find("strerror").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    /** A libc symbol bound with errno capture; the handle takes the state segment as its first argument. */
    public static MethodHandle bind(String symbol, FunctionDescriptor descriptor, Linker.Option... extra) {
        return bindIn(LIBC, symbol, descriptor, extra).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + symbol));
    }

    /** Like {@link #bind} but for a symbol that may be missing (an older libc); empty when absent. */
    public static Optional<MethodHandle> bindIn(SymbolLookup lookup, String symbol, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return lookup.find(symbol).map(addr -> {
            MethodHandle h = LINKER.downcallHandle(addr, descriptor, options);
            SYMBOLS.put(h, symbol);
            return h;
        });
    }

    /** Which symbol a handle was bound to; lets a test prove each handle's name is its symbol. */
    public static String symbolOf(MethodHandle handle) {
        return SYMBOLS.get(handle);
    }

    /** The calling thread's capture segment, passed as the first argument of every bound handle. */
    public static MemorySegment state() {
        return STATE.get();
    }

    /**
     * This thread's scratch buffer of at least {@code size} bytes: byte[] calls copy through it,
     * so Java arrays never have to be pinned for a system call.
     */
    public static MemorySegment scratch(long size) {
        MemorySegment[] holder = SCRATCH.get();
        MemorySegment s = holder[0];
        if (s == null || s.byteSize() < size) {
            s = Arena.ofAuto().allocate(Math.max(size, 4096), 8);
            holder[0] = s;
        }
        return s;
    }

    /** errno as the last call on this thread captured it. */
    public static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    /** errno as the last call on this thread captured it, typed. */
    public static Errno lastErrno() {
        return Errno.of(errno());
    }

    /** Throws a {@link OsException} for the errno just captured. */
    public static OsException failure(String call, String context) {
        int errno = errno();
        return new OsException(call, context, errno, strerror(errno));
    }

    /** Checks an int return: negative means failure. */
    public static int check(int result, String call, String context) throws OsException {
        if (result < 0) {
            throw failure(call, context);
        }
        return result;
    }

    /** Checks a long return: negative means failure. */
    public static long check(long result, String call, String context) throws OsException {
        if (result < 0) {
            throw failure(call, context);
        }
        return result;
    }

    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) strerror.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** A downcall returning int, as a lambda so the try/catch lives here once. */
    @FunctionalInterface
    public interface IntCall {
        int invoke() throws Throwable;
    }

    /** A downcall returning long (ssize_t, off_t). */
    @FunctionalInterface
    public interface LongCall {
        long invoke() throws Throwable;
    }

    /** Runs a downcall; a negative result becomes a OsException for {@code call} on {@code context}. */
    public static int call(String call, String context, IntCall downcall) throws OsException {
        return check(raw(downcall), call, context);
    }

    /** Runs a downcall returning long; a negative result becomes a OsException. */
    public static long callLong(String call, String context, LongCall downcall) throws OsException {
        return check(rawLong(downcall), call, context);
    }

    /** Runs a downcall and returns its result unchecked, for callers that look at errno themselves. */
    public static int raw(IntCall downcall) {
        try {
            return downcall.invoke();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Like {@link #raw} for long results. */
    public static long rawLong(LongCall downcall) {
        try {
            return downcall.invoke();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Rethrows what a downcall threw; downcalls only throw on programming errors. */
    public static AssertionError unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new AssertionError("downcall failed", t);
    }
}
