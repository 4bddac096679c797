package org.watchtray.nativeaccess.libc;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import org.watchtray.core.os.NativeHeap;
import org.watchtray.nativeaccess.NativeAccess;

class MallocTrimTest {

    @Test
    void givesFreedMallocMemoryBackToTheKernel() {
        NativeHeap heap = NativeAccess.linux().nativeHeap();
        assertNotSame(NativeHeap.NONE, heap, "this is glibc: malloc_trim must be bound");
        // 64 MB in 1 KB blocks (below glibc's mmap threshold, so they come from an arena), then freed:
        // the arena keeps them resident until trimmed.
        try (Arena arena = Arena.ofConfined()) {
            for (int i = 0; i < 65_536; i++) {
                arena.allocate(1024).fill((byte) 1);
            }
        }
        assertTrue(heap.trim(), "malloc_trim(0) said it returned nothing after 64 MB were freed");
    }
}
