package org.watchtray.nativeaccess.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every layout in {@link Structs} has the size (and the offsets that matter) of its x86-64 C struct. */
class StructsTest {

    @Test
    void epollEventIsPackedOnX8664() {
        assertEquals(12, Structs.EPOLL_EVENT.byteSize());
        assertEquals(0, Structs.EPOLL_EVENT_EVENTS);
        assertEquals(4, Structs.EPOLL_EVENT_DATA); // packed: no padding before the 64-bit data
    }

    @Test
    void pollfd() {
        assertEquals(8, Structs.POLLFD.byteSize());
        assertEquals(0, Structs.POLLFD_FD);
        assertEquals(4, Structs.POLLFD_EVENTS);
        assertEquals(6, Structs.POLLFD_REVENTS);
    }

    @Test
    void itimerspec() {
        assertEquals(16, Structs.TIMESPEC.byteSize());
        assertEquals(32, Structs.ITIMERSPEC.byteSize());
        assertEquals(16, Structs.ITIMERSPEC_VALUE_SEC);
        assertEquals(24, Structs.ITIMERSPEC_VALUE_NSEC);
    }

    @Test
    void inotifyEventHeader() {
        assertEquals(16, Structs.INOTIFY_EVENT.byteSize());
        assertEquals(0, Structs.INOTIFY_EVENT_WD);
        assertEquals(4, Structs.INOTIFY_EVENT_MASK);
        assertEquals(12, Structs.INOTIFY_EVENT_LEN);
    }

    @Test
    void ucred() {
        assertEquals(12, Structs.UCRED.byteSize());
        assertEquals(0, Structs.UCRED_PID);
        assertEquals(4, Structs.UCRED_UID);
        assertEquals(8, Structs.UCRED_GID);
    }

    @Test
    void sockaddrUn() {
        assertEquals(110, Structs.SOCKADDR_UN.byteSize());
        assertEquals(2, Structs.SOCKADDR_UN_PATH);
    }

    @Test
    void sockaddrNl() {
        assertEquals(12, Structs.SOCKADDR_NL.byteSize());
        assertEquals(8, Structs.SOCKADDR_NL_GROUPS);
    }

    /** Offsets checked against linux/perf_event.h with offsetof (6.18 headers): PERF_ATTR_SIZE_VER0 is 64. */
    @Test
    void perfEventAttrIsTheFirstPublishedSize() {
        assertEquals(64, Structs.PERF_EVENT_ATTR.byteSize());
        assertEquals(4, Structs.PERF_EVENT_ATTR_SIZE);
        assertEquals(8, Structs.PERF_EVENT_ATTR_CONFIG);
        assertEquals(16, Structs.PERF_EVENT_ATTR_SAMPLE_PERIOD);
        assertEquals(40, Structs.PERF_EVENT_ATTR_FLAGS);
        assertEquals(48, Structs.PERF_EVENT_ATTR_WAKEUP_EVENTS);
    }

    @Test
    void perfMmapPageHeadAndTail() {
        assertEquals(1024, Structs.PERF_MMAP_DATA_HEAD);
        assertEquals(1032, Structs.PERF_MMAP_DATA_TAIL);
    }

    @Test
    void schedAttrIsVersionOne() {
        assertEquals(56, Structs.SCHED_ATTR.byteSize());
        assertEquals(0, Structs.SCHED_ATTR_SIZE);
        assertEquals(4, Structs.SCHED_ATTR_POLICY);
        assertEquals(16, Structs.SCHED_ATTR_NICE);
        assertEquals(24, Structs.SCHED_ATTR_RUNTIME);
    }
}
