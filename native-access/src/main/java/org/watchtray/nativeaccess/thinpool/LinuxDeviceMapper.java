package org.watchtray.nativeaccess.thinpool;

import static org.watchtray.core.os.Libc.O_RDWR;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.core.thinpool.DeviceMapper;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.Structs;

/** {@link DeviceMapper} over the {@code /dev/mapper/control} ioctls; reached through {@code NativeAccess.deviceMapper}. */
public final class LinuxDeviceMapper implements DeviceMapper {

    /** _IOWR(0xFD, nr, struct dm_ioctl) = 0xC138FD00 + nr. */
    static long request(int nr) {
        return 0xC0000000L | (Structs.DM_IOCTL.byteSize() << 16) | (0xFDL << 8) | nr;
    }

    static final int DM_VERSION = 0;
    static final int DM_LIST_DEVICES = 2;
    static final int DM_DEV_WAIT = 8;
    static final int DM_TABLE_STATUS = 12;
    static final int DM_DEV_ARM_POLL = 16;

    static final int DM_STATUS_TABLE_FLAG = 1 << 4;
    static final int DM_BUFFER_FULL_FLAG = 1 << 8;
    static final int DM_NOFLUSH_FLAG = 1 << 11;

    /** The interface version we speak: major 4 is required, minor 0 lets any 4.x kernel accept us. */
    private static final int[] SPOKEN = {4, 0, 0};
    private static final int FIRST_BUFFER = 16 * 1024;
    private static final int MAX_BUFFER = 4 * 1024 * 1024;

    private final Libc libc;
    private final int fd;
    private final String path;
    private Version version;

    private LinuxDeviceMapper(Libc libc, int fd, String path) {
        this.libc = libc;
        this.fd = fd;
        this.path = path;
    }

    /** Opens the control device: ENOENT when the node is missing, ENODEV when no driver is behind it. */
    public static LinuxDeviceMapper open(Libc libc, String controlPath) throws OsException {
        int fd = libc.open(controlPath, O_RDWR, controlPath);
        return new LinuxDeviceMapper(libc, fd, controlPath);
    }

    @Override
    public Version version() throws OsException {
        if (version == null) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment io = call(arena, DM_VERSION, "", 0, 0, "DM_VERSION").header;
                version = new Version(io.get(JAVA_INT, Structs.DM_IOCTL_VERSION), io.get(JAVA_INT, Structs.DM_IOCTL_VERSION + 4),
                        io.get(JAVA_INT, Structs.DM_IOCTL_VERSION + 8));
            }
        }
        return version;
    }

    @Override
    public List<Device> list() throws OsException {
        boolean withEventNr = version().hasArmPoll();
        try (Arena arena = Arena.ofConfined()) {
            Reply r = call(arena, DM_LIST_DEVICES, "", 0, 0, "DM_LIST_DEVICES");
            return decode(() -> DmPayloads.names(r.data, withEventNr), "DM_LIST_DEVICES");
        }
    }

    @Override
    public Status status(String name, boolean table) throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            int flags = DM_NOFLUSH_FLAG | (table ? DM_STATUS_TABLE_FLAG : 0);
            return statusOf(call(arena, DM_TABLE_STATUS, name, flags, 0, "DM_TABLE_STATUS"));
        }
    }

    @Override
    public void armPoll() throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            call(arena, DM_DEV_ARM_POLL, "", 0, 0, "DM_DEV_ARM_POLL");
        }
    }

    @Override
    public Status waitEvent(String name, long eventNr) throws OsException {
        try (Arena arena = Arena.ofConfined()) {
            return statusOf(call(arena, DM_DEV_WAIT, name, DM_NOFLUSH_FLAG, (int) eventNr, "DM_DEV_WAIT"));
        }
    }

    private Status statusOf(Reply r) throws OsException {
        MemorySegment h = r.header;
        int count = h.get(JAVA_INT, Structs.DM_IOCTL_TARGET_COUNT);
        List<Target> targets = decode(() -> DmPayloads.targets(r.data, count), "DM_TABLE_STATUS");
        return new Status(DmPayloads.cString(h, Structs.DM_IOCTL_NAME, Structs.DM_NAME_LEN),
                DmPayloads.cString(h, Structs.DM_IOCTL_UUID, Structs.DM_UUID_LEN),
                Integer.toUnsignedLong(h.get(JAVA_INT, Structs.DM_IOCTL_EVENT_NR)), targets);
    }

    private interface Decoder<T> {
        T decode();
    }

    /** A reply the kernel wrote but we cannot walk is reported like a failed call (EPROTO-like, as EIO). */
    private <T> T decode(Decoder<T> d, String call) throws OsException {
        try {
            return d.decode();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new OsException(call, path + ": malformed reply: " + e.getMessage(), Errno.EIO, "Input/output error");
        }
    }

    private record Reply(MemorySegment header, MemorySegment data) {
    }

    /** Issues one ioctl, growing the buffer while the kernel sets DM_BUFFER_FULL_FLAG. */
    private Reply call(Arena arena, int nr, String name, int flags, int eventNr, String callName) throws OsException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length >= Structs.DM_NAME_LEN) {
            throw new OsException(callName, "device name of " + nameBytes.length + " bytes", Errno.EINVAL, "Invalid argument");
        }
        String context = name.isEmpty() ? path : path + " device '" + name + "'";
        for (int size = FIRST_BUFFER; ; size *= 2) {
            MemorySegment io = arena.allocate(size, 8);
            for (int i = 0; i < 3; i++) {
                io.set(JAVA_INT, Structs.DM_IOCTL_VERSION + 4L * i, SPOKEN[i]);
            }
            io.set(JAVA_INT, Structs.DM_IOCTL_DATA_SIZE, size);
            io.set(JAVA_INT, Structs.DM_IOCTL_DATA_START, (int) Structs.DM_IOCTL.byteSize());
            io.set(JAVA_INT, Structs.DM_IOCTL_FLAGS, flags);
            io.set(JAVA_INT, Structs.DM_IOCTL_EVENT_NR, eventNr);
            MemorySegment.copy(nameBytes, 0, io, JAVA_BYTE, Structs.DM_IOCTL_NAME, nameBytes.length);
            libc.ioctl(fd, request(nr), io, callName + " on " + context);
            int outFlags = io.get(JAVA_INT, Structs.DM_IOCTL_FLAGS);
            if ((outFlags & DM_BUFFER_FULL_FLAG) != 0 && size < MAX_BUFFER) {
                continue;
            }
            long dataStart = Integer.toUnsignedLong(io.get(JAVA_INT, Structs.DM_IOCTL_DATA_START));
            long dataSize = Integer.toUnsignedLong(io.get(JAVA_INT, Structs.DM_IOCTL_DATA_SIZE));
            long end = Math.min(Math.max(dataSize, dataStart), size);
            return new Reply(io.asSlice(0, Structs.DM_IOCTL.byteSize()), io.asSlice(Math.min(dataStart, end), end - Math.min(dataStart, end)));
        }
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public void close() {
        libc.closeQuietly(fd);
    }
}
