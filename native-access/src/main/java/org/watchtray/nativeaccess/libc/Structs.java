package org.watchtray.nativeaccess.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
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
    public static final long SOCKADDR_NL_PID = SOCKADDR_NL.byteOffset(groupElement("nl_pid"));

    /**
     * <pre>
     * struct dm_ioctl {                 // include/uapi/linux/dm-ioctl.h, 312 bytes
     *     __u32 version[3];             // in: the version we speak (major 4); out: the kernel's
     *     __u32 data_size;              // whole buffer, this header included
     *     __u32 data_start;             // payload offset from the start of this struct
     *     __u32 target_count;
     *     __s32 open_count;
     *     __u32 flags;
     *     __u32 event_nr;               // in: DM_DEV_WAIT's last seen event; out: the device's counter
     *     __u32 padding;
     *     __u64 dev;
     *     char  name[128];
     *     char  uuid[129];
     *     char  data[7];                // padding to a multiple of 8
     * };
     * </pre>
     */
    public static final StructLayout DM_IOCTL = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("version"),
            JAVA_INT.withName("data_size"),
            JAVA_INT.withName("data_start"),
            JAVA_INT.withName("target_count"),
            JAVA_INT.withName("open_count"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("event_nr"),
            JAVA_INT.withName("padding"),
            JAVA_LONG.withName("dev"),
            MemoryLayout.sequenceLayout(128, java.lang.foreign.ValueLayout.JAVA_BYTE).withName("name"),
            MemoryLayout.sequenceLayout(129, java.lang.foreign.ValueLayout.JAVA_BYTE).withName("uuid"),
            MemoryLayout.sequenceLayout(7, java.lang.foreign.ValueLayout.JAVA_BYTE).withName("data"));
    public static final long DM_IOCTL_VERSION = DM_IOCTL.byteOffset(groupElement("version"));
    public static final long DM_IOCTL_DATA_SIZE = DM_IOCTL.byteOffset(groupElement("data_size"));
    public static final long DM_IOCTL_DATA_START = DM_IOCTL.byteOffset(groupElement("data_start"));
    public static final long DM_IOCTL_TARGET_COUNT = DM_IOCTL.byteOffset(groupElement("target_count"));
    public static final long DM_IOCTL_FLAGS = DM_IOCTL.byteOffset(groupElement("flags"));
    public static final long DM_IOCTL_EVENT_NR = DM_IOCTL.byteOffset(groupElement("event_nr"));
    public static final long DM_IOCTL_DEV = DM_IOCTL.byteOffset(groupElement("dev"));
    public static final long DM_IOCTL_NAME = DM_IOCTL.byteOffset(groupElement("name"));
    public static final long DM_IOCTL_UUID = DM_IOCTL.byteOffset(groupElement("uuid"));
    public static final int DM_NAME_LEN = 128;
    public static final int DM_UUID_LEN = 129;

    /**
     * <pre>
     * struct dm_name_list {             // one DM_LIST_DEVICES entry; sizeof 16, name at 12
     *     __u64 dev;
     *     __u32 next;                   // offset from this entry to the next; 0 = last
     *     char  name[];                 // NUL-terminated, then at the next 8-byte boundary:
     * };                                // __u32 event_nr (dm 4.37+), __u32 flags (newer)
     * </pre>
     */
    public static final StructLayout DM_NAME_LIST = MemoryLayout.structLayout(
            JAVA_LONG.withName("dev"), JAVA_INT.withName("next"), MemoryLayout.paddingLayout(4));
    public static final long DM_NAME_LIST_DEV = DM_NAME_LIST.byteOffset(groupElement("dev"));
    public static final long DM_NAME_LIST_NEXT = DM_NAME_LIST.byteOffset(groupElement("next"));
    /** The flexible {@code name[]} member starts right after {@code next}, inside the tail padding. */
    public static final long DM_NAME_LIST_NAME = DM_NAME_LIST_NEXT + JAVA_INT.byteSize();

    /**
     * <pre>
     * struct dm_target_spec {           // 40 bytes, followed by the NUL-terminated status/table string
     *     __u64 sector_start;
     *     __u64 length;
     *     __s32 status;
     *     __u32 next;                   // in replies: offset of the next spec from the start of the data area
     *     char  target_type[16];
     * };
     * </pre>
     */
    public static final StructLayout DM_TARGET_SPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("sector_start"),
            JAVA_LONG.withName("length"),
            JAVA_INT.withName("status"),
            JAVA_INT.withName("next"),
            MemoryLayout.sequenceLayout(16, java.lang.foreign.ValueLayout.JAVA_BYTE).withName("target_type"));
    public static final long DM_TARGET_SPEC_START = DM_TARGET_SPEC.byteOffset(groupElement("sector_start"));
    public static final long DM_TARGET_SPEC_LENGTH = DM_TARGET_SPEC.byteOffset(groupElement("length"));
    public static final long DM_TARGET_SPEC_NEXT = DM_TARGET_SPEC.byteOffset(groupElement("next"));
    public static final long DM_TARGET_SPEC_TYPE = DM_TARGET_SPEC.byteOffset(groupElement("target_type"));

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

    /**
     * <pre>struct mnt_id_req { __u32 size; __u32 spare; __u64 mnt_id; __u64 param; __u64 mnt_ns_id; };
     * // 32 bytes = MNT_ID_REQ_SIZE_VER1 (6.8 kernels take it too: the extra field is 0)</pre>
     */
    public static final StructLayout MNT_ID_REQ = MemoryLayout.structLayout(
            JAVA_INT.withName("size"), JAVA_INT.withName("spare"), JAVA_LONG.withName("mnt_id"),
            JAVA_LONG.withName("param"), JAVA_LONG.withName("mnt_ns_id"));
    public static final long MNT_ID_REQ_SIZE = MNT_ID_REQ.byteOffset(groupElement("size"));
    public static final long MNT_ID_REQ_SPARE = MNT_ID_REQ.byteOffset(groupElement("spare"));
    public static final long MNT_ID_REQ_MNT_ID = MNT_ID_REQ.byteOffset(groupElement("mnt_id"));
    public static final long MNT_ID_REQ_PARAM = MNT_ID_REQ.byteOffset(groupElement("param"));
    public static final long MNT_ID_REQ_MNT_NS_ID = MNT_ID_REQ.byteOffset(groupElement("mnt_ns_id"));

    // struct statmount, which the kernel fills in, is decoded in Java: core.mounts.StatmountBuffer.

    /**
     * <pre>struct fanotify_event_metadata { __u32 event_len; __u8 vers; __u8 reserved; __u16 metadata_len;
     *   __aligned_u64 mask; __s32 fd; __s32 pid; };  // 24 bytes</pre>
     */
    public static final StructLayout FANOTIFY_EVENT_METADATA = MemoryLayout.structLayout(
            JAVA_INT.withName("event_len"), JAVA_BYTE.withName("vers"), JAVA_BYTE.withName("reserved"),
            JAVA_SHORT.withName("metadata_len"), JAVA_LONG.withName("mask"), JAVA_INT.withName("fd"), JAVA_INT.withName("pid"));

    /**
     * <pre>struct fanotify_event_info_header { __u8 info_type; __u8 pad; __u16 len; };
     * struct fanotify_event_info_mnt { struct fanotify_event_info_header hdr; __u64 mnt_id; };  // 16 bytes</pre>
     */
    public static final StructLayout FANOTIFY_EVENT_INFO_MNT = MemoryLayout.structLayout(
            JAVA_BYTE.withName("info_type"), JAVA_BYTE.withName("pad"), JAVA_SHORT.withName("len"),
            MemoryLayout.paddingLayout(4), JAVA_LONG.withName("mnt_id"));

    /**
     * The first published {@code struct perf_event_attr} (PERF_ATTR_SIZE_VER0; the kernel takes
     * any published size and zero-fills the rest):
     * <pre>struct perf_event_attr { __u32 type; __u32 size; __u64 config; __u64 sample_period; __u64 sample_type;
     *   __u64 read_format; __u64 disabled:1, inherit:1, …;  // one 64-bit word of flags
     *   __u32 wakeup_events; __u32 bp_type; __u64 config1; … };  // 64 bytes</pre>
     */
    public static final StructLayout PERF_EVENT_ATTR = MemoryLayout.structLayout(
            JAVA_INT.withName("type"), JAVA_INT.withName("size"), JAVA_LONG.withName("config"),
            JAVA_LONG.withName("sample_period"), JAVA_LONG.withName("sample_type"), JAVA_LONG.withName("read_format"),
            JAVA_LONG.withName("flags"), JAVA_INT.withName("wakeup_events"), JAVA_INT.withName("bp_type"),
            JAVA_LONG.withName("config1"));
    public static final long PERF_EVENT_ATTR_TYPE = PERF_EVENT_ATTR.byteOffset(groupElement("type"));
    public static final long PERF_EVENT_ATTR_SIZE = PERF_EVENT_ATTR.byteOffset(groupElement("size"));
    public static final long PERF_EVENT_ATTR_CONFIG = PERF_EVENT_ATTR.byteOffset(groupElement("config"));
    public static final long PERF_EVENT_ATTR_SAMPLE_PERIOD = PERF_EVENT_ATTR.byteOffset(groupElement("sample_period"));
    public static final long PERF_EVENT_ATTR_READ_FORMAT = PERF_EVENT_ATTR.byteOffset(groupElement("read_format"));
    public static final long PERF_EVENT_ATTR_FLAGS = PERF_EVENT_ATTR.byteOffset(groupElement("flags"));
    public static final long PERF_EVENT_ATTR_WAKEUP_EVENTS = PERF_EVENT_ATTR.byteOffset(groupElement("wakeup_events"));

    /**
     * The head of {@code struct perf_event_mmap_page}, the ring buffer's control page: version,
     * capabilities and time fields padded to 1 KiB, then
     * <pre>__u64 data_head;  // offset 1024: written by the kernel
     * __u64 data_tail;  // offset 1032: written by user space, what it has consumed</pre>
     */
    public static final StructLayout PERF_EVENT_MMAP_PAGE_HEAD = MemoryLayout.structLayout(
            MemoryLayout.paddingLayout(1024), JAVA_LONG.withName("data_head"), JAVA_LONG.withName("data_tail"));
    public static final long PERF_MMAP_DATA_HEAD = PERF_EVENT_MMAP_PAGE_HEAD.byteOffset(groupElement("data_head"));
    public static final long PERF_MMAP_DATA_TAIL = PERF_EVENT_MMAP_PAGE_HEAD.byteOffset(groupElement("data_tail"));

    /**
     * <pre>struct sched_attr { __u32 size; __u32 sched_policy; __u64 sched_flags; __s32 sched_nice;
     *   __u32 sched_priority; __u64 sched_runtime; __u64 sched_deadline; __u64 sched_period;
     *   __u32 sched_util_min; __u32 sched_util_max; };  // 56 bytes = SCHED_ATTR_SIZE_VER1</pre>
     * For SCHED_OTHER, sched_runtime is the thread's custom time slice (Linux 6.12+, in ns).
     */
    public static final StructLayout SCHED_ATTR = MemoryLayout.structLayout(
            JAVA_INT.withName("size"), JAVA_INT.withName("sched_policy"), JAVA_LONG.withName("sched_flags"),
            JAVA_INT.withName("sched_nice"), JAVA_INT.withName("sched_priority"), JAVA_LONG.withName("sched_runtime"),
            JAVA_LONG.withName("sched_deadline"), JAVA_LONG.withName("sched_period"),
            JAVA_INT.withName("sched_util_min"), JAVA_INT.withName("sched_util_max"));
    public static final long SCHED_ATTR_SIZE = SCHED_ATTR.byteOffset(groupElement("size"));
    public static final long SCHED_ATTR_POLICY = SCHED_ATTR.byteOffset(groupElement("sched_policy"));
    public static final long SCHED_ATTR_NICE = SCHED_ATTR.byteOffset(groupElement("sched_nice"));
    public static final long SCHED_ATTR_RUNTIME = SCHED_ATTR.byteOffset(groupElement("sched_runtime"));
}
