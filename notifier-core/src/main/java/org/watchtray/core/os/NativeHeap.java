package org.watchtray.core.os;

/**
 * The C allocator's free memory. glibc keeps what a JVM's threads freed (the compilers' arenas,
 * start-up buffers) in its per-thread arenas, resident, until asked to give it back; a
 * long-running process that has just finished a burst (start-up, a window's feed) asks once.
 */
public interface NativeHeap {

    /**
     * Returns free pages of every malloc arena to the kernel (glibc's malloc_trim(0)). Costs a
     * few milliseconds, wakes nothing later.
     *
     * @return whether memory was returned; false also where the C library has no such call
     */
    boolean trim();

    /** For a C library without malloc_trim (musl): nothing to do. */
    NativeHeap NONE = () -> false;
}
