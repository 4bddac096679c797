package org.watchtray.nativeaccess.thinpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;

/** The tracepoint's filter, its device encoding, the lookup in tracefs and the online CPU list. */
class BlockTracepointTest {

    @Test
    void theFilterUsesTheKernelsOwnDevTNotGlibcsMakedev() {
        assertEquals(253L << 20 | 2, BlockTracepoint.kernelDev("253:2")); // 265289730, as the tracepoint prints 253,2
        assertEquals(265289730L, BlockTracepoint.kernelDev("253:2"));
        assertEquals("(dev == 265289730 || dev == 265289731) && rwbs ~ \"*W*\"", BlockTracepoint.filter(Set.of("253:3", "253:2"), true));
        assertEquals("(dev == 7340033)", BlockTracepoint.filter(Set.of("7:1"), false));
    }

    @Test
    void theIdComesFromTheFirstTracefsThatHasTheEvent(@TempDir Path dir) throws Exception {
        Path debug = dir.resolve("debug/tracing");
        Path event = Files.createDirectories(debug.resolve("events/block/block_bio_queue"));
        Files.writeString(event.resolve("id"), "2097\n");
        Files.writeString(event.resolve("format"), "\tfield:dev_t dev;\toffset:8;\tsize:4;\tsigned:0;\n\tfield:char rwbs[10];\toffset:28;\n");
        assertEquals(new BlockTracepoint(2097, true), BlockTracepoint.find(List.of(dir.resolve("tracing"), debug)));
        OsException none = assertThrows(OsException.class, () -> BlockTracepoint.find(List.of(dir.resolve("tracing"))));
        assertEquals(Errno.ENOENT, none.errno()); // not mounted: the filesystem signals are used instead
    }

    @Test
    void onlineCpus() {
        assertEquals(List.of(0, 1), OnlineCpus.parse("0-1\n"));
        assertEquals(List.of(0, 2, 3, 4, 7), OnlineCpus.parse("0,2-4,7"));
        assertThrows(IllegalArgumentException.class, () -> OnlineCpus.parse("\n"));
    }
}
