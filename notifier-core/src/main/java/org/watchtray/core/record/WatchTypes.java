package org.watchtray.core.record;

/**
 * Numbers of the 8-byte {@code struct watch_notification} header (include/uapi/linux/watch_queue.h)
 * and of watchtray's own record types, which share the header (docs/wire-format.md).
 */
public final class WatchTypes {
    private WatchTypes() {
    }

    /** Header size in bytes. */
    public static final int HEADER_SIZE = 8;
    /** Largest record the kernel posts ({@code WATCH_QUEUE_NOTE_SIZE}); the length field caps at 127. */
    public static final int KERNEL_NOTE_SIZE = 128;

    public static final int INFO_LENGTH_MASK = 0x0000007F;
    public static final int INFO_ID_MASK = 0x0000FF00;
    public static final int INFO_ID_SHIFT = 8;
    public static final int INFO_TYPE_INFO_SHIFT = 16;

    // enum watch_notification_type
    public static final int TYPE_META = 0;
    public static final int TYPE_KEY_NOTIFY = 1;
    /** WATCH_TYPE__NR in the merged kernel: the first unused kernel type. */
    public static final int KERNEL_TYPE_COUNT = 2;

    // enum watch_meta_notification_subtype
    public static final int META_REMOVAL = 0;
    public static final int META_LOSS = 1;

    // enum key_notification_subtype
    public static final int KEY_INSTANTIATED = 0;
    public static final int KEY_UPDATED = 1;
    public static final int KEY_LINKED = 2;
    public static final int KEY_UNLINKED = 3;
    public static final int KEY_CLEARED = 4;
    public static final int KEY_REVOKED = 5;
    public static final int KEY_INVALIDATED = 6;
    public static final int KEY_SETATTR = 7;

    /**
     * watchtray's own types start here, far above anything the kernel may add (the type field
     * is 24 bits wide), so a future kernel type can never be mistaken for one of ours.
     */
    public static final int WATCHTRAY_TYPE_BASE = 0x00_57_54_00; // "WT" in the middle bytes
    public static final int WATCHTRAY_TYPE_LIMIT = 0x00_57_54_FF;

    /**
     * For watchtray types the kernel's 7-bit LENGTH field is 0 and the whole record length
     * (header included, 8..65535) is in {@code info} bits 16–31; bits 8–15 stay the watch ID.
     */
    public static final int WATCHTRAY_INFO_LENGTH_SHIFT = 16;
    /** Largest watchtray record: the 16-bit length field's limit. */
    public static final int WATCHTRAY_MAX_RECORD = 0xFFFF;

    /** Agent meta records (subtypes {@code AGENT_*}). */
    public static final int WATCHTRAY_TYPE_AGENT = WATCHTRAY_TYPE_BASE;
    /** Thin-pool events; the subtype is the ThinPoolEvent.Change wire code. */
    public static final int WATCHTRAY_TYPE_THINPOOL = WATCHTRAY_TYPE_BASE + 1;
    /** USB events; the subtype is the UsbEvent.Change wire code. */
    public static final int WATCHTRAY_TYPE_USB = WATCHTRAY_TYPE_BASE + 2;
    /** Thin-pool readings (protocol 2): subtypes {@code THINPOOL_READING_*}. */
    public static final int WATCHTRAY_TYPE_THINPOOL_READING = WATCHTRAY_TYPE_BASE + 3;
    /** USB readings (protocol 2): subtypes {@code USB_READING_*}. */
    public static final int WATCHTRAY_TYPE_USB_READING = WATCHTRAY_TYPE_BASE + 4;

    // subtypes of WATCHTRAY_TYPE_AGENT
    public static final int AGENT_HELLO = 0;
    public static final int AGENT_LOSS = 1;
    public static final int AGENT_SNAPSHOT_BEGIN = 2;
    public static final int AGENT_SNAPSHOT_END = 3;
    public static final int AGENT_SOURCE_STATUS = 4;
    /** The protocol version in effect for this session from here on (protocol 2). */
    public static final int AGENT_PROTOCOL = 5;

    // subtypes of WATCHTRAY_TYPE_THINPOOL_READING
    public static final int THINPOOL_READING_STATUS = 0;
    public static final int THINPOOL_READING_GONE = 1;

    // subtypes of WATCHTRAY_TYPE_USB_READING
    public static final int USB_READING_KERNEL_LOG = 0;
    public static final int USB_READING_UEVENT = 1;
    public static final int USB_READING_DEVICES = 2;

    /**
     * The agent protocol version this build speaks (sent in HELLO, both ways). 1: the agent
     * sends events it decided with its own settings. 2: a desktop that says so in its HELLO
     * gets readings instead and decides with its user's settings (docs/wire-format.md §6).
     */
    public static final int AGENT_PROTOCOL_VERSION = 2;
    /** The oldest version this build still serves and understands. */
    public static final int AGENT_PROTOCOL_FIRST = 1;
    /** The first version with readings. */
    public static final int AGENT_PROTOCOL_READINGS = 2;

    /** True for a type number in watchtray's reserved range. */
    public static boolean isWatchtrayType(int type) {
        return type >= WATCHTRAY_TYPE_BASE && type <= WATCHTRAY_TYPE_LIMIT;
    }
}
