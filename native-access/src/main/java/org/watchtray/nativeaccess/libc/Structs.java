package org.watchtray.nativeaccess.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/** Struct layouts (x86-64), declared once with their C definition; sizes are asserted in StructsTest. */
public final class Structs {
    private Structs() {
    }

    /**
     * <pre>struct epoll_event { uint32_t events; epoll_data_t data; } __attribute__((packed));  // x86-64: 12 bytes</pre>
     */
    public static final StructLayout EPOLL_EVENT = MemoryLayout.structLayout(
            JAVA_INT.withName("events"),
            JAVA_LONG.withByteAlignment(4).withName("data"));
    public static final long EPOLL_EVENT_EVENTS = EPOLL_EVENT.byteOffset(groupElement("events"));
    public static final long EPOLL_EVENT_DATA = EPOLL_EVENT.byteOffset(groupElement("data"));

    /** <pre>struct pollfd { int fd; short events; short revents; };  // 8 bytes</pre> */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));
    public static final long POLLFD_FD = POLLFD.byteOffset(groupElement("fd"));
    public static final long POLLFD_EVENTS = POLLFD.byteOffset(groupElement("events"));
    public static final long POLLFD_REVENTS = POLLFD.byteOffset(groupElement("revents"));

    /** <pre>struct timespec { time_t tv_sec; long tv_nsec; };  // 16 bytes</pre> */
    public static final StructLayout TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));

    /** <pre>struct itimerspec { struct timespec it_interval; struct timespec it_value; };  // 32 bytes</pre> */
    public static final StructLayout ITIMERSPEC = MemoryLayout.structLayout(
            TIMESPEC.withName("it_interval"), TIMESPEC.withName("it_value"));
    public static final long ITIMERSPEC_VALUE_SEC = ITIMERSPEC.byteOffset(groupElement("it_value"), groupElement("tv_sec"));
    public static final long ITIMERSPEC_VALUE_NSEC = ITIMERSPEC.byteOffset(groupElement("it_value"), groupElement("tv_nsec"));

    /**
     * <pre>struct inotify_event { int wd; uint32_t mask; uint32_t cookie; uint32_t len; char name[]; };  // 16-byte header</pre>
     * {@code len} counts the NUL-padded name that follows the header.
     */
    public static final StructLayout INOTIFY_EVENT = MemoryLayout.structLayout(
            JAVA_INT.withName("wd"), JAVA_INT.withName("mask"), JAVA_INT.withName("cookie"), JAVA_INT.withName("len"));
    public static final long INOTIFY_EVENT_WD = INOTIFY_EVENT.byteOffset(groupElement("wd"));
    public static final long INOTIFY_EVENT_MASK = INOTIFY_EVENT.byteOffset(groupElement("mask"));
    public static final long INOTIFY_EVENT_LEN = INOTIFY_EVENT.byteOffset(groupElement("len"));

    /** <pre>struct ucred { pid_t pid; uid_t uid; gid_t gid; };  // 12 bytes</pre> */
    public static final StructLayout UCRED = MemoryLayout.structLayout(
            JAVA_INT.withName("pid"), JAVA_INT.withName("uid"), JAVA_INT.withName("gid"));
    public static final long UCRED_PID = UCRED.byteOffset(groupElement("pid"));
    public static final long UCRED_UID = UCRED.byteOffset(groupElement("uid"));
    public static final long UCRED_GID = UCRED.byteOffset(groupElement("gid"));

    /** <pre>struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; };  // 110 bytes</pre> */
    public static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"), MemoryLayout.sequenceLayout(108, java.lang.foreign.ValueLayout.JAVA_BYTE).withName("sun_path"));
    public static final long SOCKADDR_UN_PATH = SOCKADDR_UN.byteOffset(groupElement("sun_path"));

    /**
     * <pre>struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid; __u32 nl_groups; };  // 12 bytes</pre>
     */
    public static final StructLayout SOCKADDR_NL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("nl_family"), JAVA_SHORT.withName("nl_pad"),
            JAVA_INT.withName("nl_pid"), JAVA_INT.withName("nl_groups"));
    public static final long SOCKADDR_NL_GROUPS = SOCKADDR_NL.byteOffset(groupElement("nl_groups"));

    /**
     * <pre>struct watch_notification_type_filter {
     *     __u32 type; __u32 info_filter; __u32 info_mask; __u32 subtype_filter[8];
     * };  // 44 bytes</pre>
     */
    public static final StructLayout WATCH_NOTIFICATION_TYPE_FILTER = MemoryLayout.structLayout(
            JAVA_INT.withName("type"), JAVA_INT.withName("info_filter"), JAVA_INT.withName("info_mask"),
            MemoryLayout.sequenceLayout(8, JAVA_INT).withName("subtype_filter"));
    public static final long TYPE_FILTER_TYPE = WATCH_NOTIFICATION_TYPE_FILTER.byteOffset(groupElement("type"));
    public static final long TYPE_FILTER_INFO_FILTER = WATCH_NOTIFICATION_TYPE_FILTER.byteOffset(groupElement("info_filter"));
    public static final long TYPE_FILTER_INFO_MASK = WATCH_NOTIFICATION_TYPE_FILTER.byteOffset(groupElement("info_mask"));
    public static final long TYPE_FILTER_SUBTYPES = WATCH_NOTIFICATION_TYPE_FILTER.byteOffset(groupElement("subtype_filter"));

    /**
     * <pre>struct watch_notification_filter {
     *     __u32 nr_filters; __u32 __reserved; struct watch_notification_type_filter filters[];
     * };  // 8 bytes + 44 per entry</pre>
     */
    public static final StructLayout WATCH_NOTIFICATION_FILTER = MemoryLayout.structLayout(
            JAVA_INT.withName("nr_filters"), JAVA_INT.withName("__reserved"));
    public static final long FILTER_NR_FILTERS = WATCH_NOTIFICATION_FILTER.byteOffset(groupElement("nr_filters"));
    public static final long FILTER_RESERVED = WATCH_NOTIFICATION_FILTER.byteOffset(groupElement("__reserved"));
}
