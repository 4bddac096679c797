package org.watchtray.nativeaccess.outbound;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/** The layouts sendmsg(2) with SCM_RIGHTS needs (x86-64), declared once; sizes are asserted in OutboundStructsTest. */
final class OutboundStructs {
    private OutboundStructs() {
    }

    /** <pre>struct iovec { void *iov_base; size_t iov_len; };  // 16 bytes</pre> */
    static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));
    static final long IOVEC_BASE = IOVEC.byteOffset(groupElement("iov_base"));
    static final long IOVEC_LEN = IOVEC.byteOffset(groupElement("iov_len"));

    /**
     * <pre>
     * struct msghdr {
     *     void         *msg_name;        // the peer's address (sockaddr_un here)
     *     socklen_t     msg_namelen;     // + 4 bytes padding
     *     struct iovec *msg_iov;
     *     size_t        msg_iovlen;
     *     void         *msg_control;     // ancillary data: cmsghdr + payload
     *     size_t        msg_controllen;
     *     int           msg_flags;       // + 4 bytes padding
     * };  // 56 bytes
     * </pre>
     */
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"), MemoryLayout.paddingLayout(4));
    static final long MSGHDR_NAME = MSGHDR.byteOffset(groupElement("msg_name"));
    static final long MSGHDR_NAMELEN = MSGHDR.byteOffset(groupElement("msg_namelen"));
    static final long MSGHDR_IOV = MSGHDR.byteOffset(groupElement("msg_iov"));
    static final long MSGHDR_IOVLEN = MSGHDR.byteOffset(groupElement("msg_iovlen"));
    static final long MSGHDR_CONTROL = MSGHDR.byteOffset(groupElement("msg_control"));
    static final long MSGHDR_CONTROLLEN = MSGHDR.byteOffset(groupElement("msg_controllen"));

    /**
     * <pre>struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; unsigned char cmsg_data[]; };  // 16-byte header</pre>
     * One descriptor: {@code CMSG_LEN(sizeof(int))} = 20, {@code CMSG_SPACE(sizeof(int))} = 24 (data padded to 8).
     */
    static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"), JAVA_INT.withName("cmsg_level"), JAVA_INT.withName("cmsg_type"));
    static final long CMSGHDR_LEN = CMSGHDR.byteOffset(groupElement("cmsg_len"));
    static final long CMSGHDR_LEVEL = CMSGHDR.byteOffset(groupElement("cmsg_level"));
    static final long CMSGHDR_TYPE = CMSGHDR.byteOffset(groupElement("cmsg_type"));
    static final long CMSG_DATA = CMSGHDR.byteSize();
    static final long CMSG_LEN_ONE_FD = CMSGHDR.byteSize() + JAVA_INT.byteSize();
    static final long CMSG_SPACE_ONE_FD = CMSGHDR.byteSize() + 8;

    /** <pre>struct timeval { time_t tv_sec; suseconds_t tv_usec; };  // 16 bytes (SO_SNDTIMEO's value)</pre> */
    static final StructLayout TIMEVAL = MemoryLayout.structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_usec"));
    static final long TIMEVAL_SEC = TIMEVAL.byteOffset(groupElement("tv_sec"));
    static final long TIMEVAL_USEC = TIMEVAL.byteOffset(groupElement("tv_usec"));
}
