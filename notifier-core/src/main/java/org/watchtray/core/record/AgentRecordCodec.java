package org.watchtray.core.record;

import static org.watchtray.core.record.WatchTypes.AGENT_HELLO;
import static org.watchtray.core.record.WatchTypes.AGENT_LOSS;
import static org.watchtray.core.record.WatchTypes.AGENT_PROTOCOL;
import static org.watchtray.core.record.WatchTypes.AGENT_SNAPSHOT_BEGIN;
import static org.watchtray.core.record.WatchTypes.AGENT_SNAPSHOT_END;
import static org.watchtray.core.record.WatchTypes.AGENT_SOURCE_STATUS;
import static org.watchtray.core.record.WatchTypes.WATCHTRAY_TYPE_AGENT;
import static org.watchtray.core.record.WatchTypes.WATCHTRAY_TYPE_THINPOOL;
import static org.watchtray.core.record.WatchTypes.THINPOOL_READING_GONE;
import static org.watchtray.core.record.WatchTypes.THINPOOL_READING_STATUS;
import static org.watchtray.core.record.WatchTypes.USB_READING_DEVICES;
import static org.watchtray.core.record.WatchTypes.USB_READING_KERNEL_LOG;
import static org.watchtray.core.record.WatchTypes.USB_READING_UEVENT;
import static org.watchtray.core.record.WatchTypes.WATCHTRAY_TYPE_THINPOOL_READING;
import static org.watchtray.core.record.WatchTypes.WATCHTRAY_TYPE_USB;
import static org.watchtray.core.record.WatchTypes.WATCHTRAY_TYPE_USB_READING;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.source.Reading;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.thinpool.ThinPoolReading;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.usb.UsbReading;

/**
 * Encodes the agent's records and decodes their payloads. The layouts, with golden byte
 * vectors, are in docs/wire-format.md §3: an 8-byte {@code watch_notification} header whose
 * 7-bit LENGTH is 0 and whose {@code info} bits 16–31 hold the whole record length, then
 * little-endian fixed fields (time as epoch microseconds first), then strings as u16 length +
 * UTF-8 (0xFFFF = absent; a required string that is absent makes the record malformed).
 * Records are decoded by {@link RecordDecoder}, the same decoder that reads kernel records.
 */
public final class AgentRecordCodec {
    // Each event type's record is laid out over the event's own fields (EventLayout checks that every one is there).
    private static final EventLayout<ThinPoolEvent> THIN_POOL = EventLayout.of(ThinPoolEvent.SHAPE, WATCHTRAY_TYPE_THINPOOL,
            e -> WireCodes.thinPool(e.change()), code -> ThinPoolEvent.SHAPE.family() + "." + WireCodes.thinPoolOf(code).wireName(),
            ThinPoolEvent.DATA_PERCENT, ThinPoolEvent.METADATA_PERCENT, ThinPoolEvent.FULL_IN, ThinPoolEvent.THRESHOLD,
            EventLayout.SEVERITY, ThinPoolEvent.POOL, ThinPoolEvent.LVM_NAME, ThinPoolEvent.MODE);
    private static final EventLayout<UsbEvent> USB = EventLayout.of(UsbEvent.SHAPE, WATCHTRAY_TYPE_USB,
            e -> WireCodes.usb(e.change()), code -> UsbEvent.SHAPE.family() + "." + WireCodes.usbOf(code).wireName(),
            UsbEvent.ERRNO, UsbEvent.COUNT, UsbEvent.PORT_FAILURES, UsbEvent.PORT, UsbEvent.PRODUCT, UsbEvent.MESSAGE);
    private static final EventLayout<LossEvent> LOSS = EventLayout.of(LossEvent.SHAPE, WATCHTRAY_TYPE_AGENT,
            e -> AGENT_LOSS, code -> LossEvent.SHAPE.family(), LossEvent.LOST, LossEvent.AFFECTED, LossEvent.WHERE);
    private static final EventLayout<SourceStatusEvent> SOURCE_STATUS = EventLayout.of(SourceStatusEvent.SHAPE, WATCHTRAY_TYPE_AGENT,
            e -> AGENT_SOURCE_STATUS, code -> SourceStatusEvent.SHAPE.family(),
            SourceStatusEvent.SOURCE, SourceStatusEvent.STATE, SourceStatusEvent.MECHANISM, SourceStatusEvent.REASON);
    private static final List<EventLayout<?>> LAYOUTS = List.of(THIN_POOL, USB, LOSS, SOURCE_STATUS);

    private AgentRecordCodec() {
    }

    /** True for the event families the agent can send. */
    public static boolean supports(Event event) {
        return layout(event) != null;
    }

    private static EventLayout<?> layout(Event event) {
        for (EventLayout<?> l : LAYOUTS) {
            if (l.eventType().isInstance(event)) {
                return l;
            }
        }
        return null;
    }

    /**
     * One record for {@code event}, watch ID 0. Times keep microseconds, durations keep
     * microseconds, and strings longer than 4096 UTF-8 bytes are cut at a character boundary.
     *
     * @throws IllegalArgumentException for an event family the agent does not send
     */
    public static byte[] encode(Event event) {
        Objects.requireNonNull(event.time(), "event time");
        EventLayout<?> l = layout(event);
        if (l == null) {
            throw new IllegalArgumentException("the agent does not send " + event.name() + " events");
        }
        return l.encode(event);
    }

    /**
     * One record for a reading (protocol 2). Raw kernel records are kept byte for byte.
     *
     * @throws IllegalArgumentException for a raw record larger than 32 KiB
     */
    public static byte[] encode(Reading reading) {
        Objects.requireNonNull(reading.time(), "reading time");
        return switch (reading) {
            case ThinPoolReading.Status r -> new PayloadWriter(WATCHTRAY_TYPE_THINPOOL_READING, THINPOOL_READING_STATUS)
                    .time(r.time())
                    .str(r.pool())
                    .str(r.uuid())
                    .str(r.table())
                    .str(r.status())
                    .finish();
            case ThinPoolReading.Gone r -> new PayloadWriter(WATCHTRAY_TYPE_THINPOOL_READING, THINPOOL_READING_GONE)
                    .time(r.time())
                    .str(r.pool())
                    .finish();
            case UsbReading.KernelLogRecord r -> new PayloadWriter(WATCHTRAY_TYPE_USB_READING, USB_READING_KERNEL_LOG)
                    .time(r.time())
                    .bytes(r.record().value())
                    .finish();
            case UsbReading.UeventDatagram r -> new PayloadWriter(WATCHTRAY_TYPE_USB_READING, USB_READING_UEVENT)
                    .time(r.time())
                    .str(r.product())
                    .bytes(r.datagram().value())
                    .finish();
            case UsbReading.Devices r -> {
                PayloadWriter w = new PayloadWriter(WATCHTRAY_TYPE_USB_READING, USB_READING_DEVICES)
                        .time(r.time())
                        .u16(r.present().size());
                for (var e : new java.util.TreeMap<>(r.present()).entrySet()) {
                    w.str(e.getKey()).str(e.getValue());
                }
                yield w.finish();
            }
        };
    }

    /** The agent's answer to a desktop's HELLO: the version in effect for this session from here on. */
    public static byte[] protocol(Instant time, int protocolVersion) {
        return new PayloadWriter(WATCHTRAY_TYPE_AGENT, AGENT_PROTOCOL).time(time).u16(protocolVersion).finish();
    }

    /** The greeting the agent sends first on every connection (and a desktop sends the agent, from protocol 2 on). */
    public static byte[] hello(Instant time, int protocolVersion, String agent) {
        return new PayloadWriter(WATCHTRAY_TYPE_AGENT, AGENT_HELLO)
                .time(time).u16(protocolVersion).str(agent).finish();
    }

    /** Marks the start of a replay of {@code source}'s current state. */
    public static byte[] snapshotBegin(Instant time, SourceId source) {
        return new PayloadWriter(WATCHTRAY_TYPE_AGENT, AGENT_SNAPSHOT_BEGIN)
                .time(time).u8(WireCodes.source(source)).finish();
    }

    /** Marks the end of a replay of {@code source}'s current state. */
    public static byte[] snapshotEnd(Instant time, SourceId source) {
        return new PayloadWriter(WATCHTRAY_TYPE_AGENT, AGENT_SNAPSHOT_END)
                .time(time).u8(WireCodes.source(source)).finish();
    }

    /** Sets the watch/subscriber ID byte ({@code info} bits 8–15) of an encoded record in place. */
    public static byte[] withWatchId(byte[] record, int watchId) {
        if (watchId < 0 || watchId > 0xFF) {
            throw new IllegalArgumentException("watch ID " + watchId + " is outside 0..255");
        }
        record[5] = (byte) watchId;
        return record;
    }

    /** The smallest valid length of a record with this type and subtype, or -1 if unknown. */
    static int minimumLength(int type, int subtype) {
        // header 8 + fixed fields + 2 per string (an empty string is just its length)
        return switch (type) {
            case WATCHTRAY_TYPE_AGENT -> switch (subtype) {
                case AGENT_HELLO -> 8 + 8 + 2 + 2;
                case AGENT_LOSS -> LOSS.minimumLength();
                case AGENT_SNAPSHOT_BEGIN, AGENT_SNAPSHOT_END -> 8 + 8 + 1;
                case AGENT_SOURCE_STATUS -> SOURCE_STATUS.minimumLength();
                case AGENT_PROTOCOL -> 8 + 8 + 2;
                default -> -1;
            };
            case WATCHTRAY_TYPE_THINPOOL_READING -> switch (subtype) {
                case THINPOOL_READING_STATUS -> 8 + 8 + 4 * 2;
                case THINPOOL_READING_GONE -> 8 + 8 + 2;
                default -> -1;
            };
            case WATCHTRAY_TYPE_USB_READING -> switch (subtype) {
                case USB_READING_KERNEL_LOG -> 8 + 8 + 2;
                case USB_READING_UEVENT -> 8 + 8 + 2 + 2;
                case USB_READING_DEVICES -> 8 + 8 + 2;
                default -> -1;
            };
            case WATCHTRAY_TYPE_THINPOOL -> WireCodes.thinPoolOf(subtype) == null ? -1 : THIN_POOL.minimumLength();
            case WATCHTRAY_TYPE_USB -> WireCodes.usbOf(subtype) == null ? -1 : USB.minimumLength();
            default -> -1;
        };
    }

    /**
     * Decodes one well-framed watchtray record of a known type and subtype
     * ({@link #minimumLength} ≥ 0) at {@code buf[start, start + length)}. Never throws: a
     * payload that does not match its layout becomes {@link WatchRecord.Malformed}.
     */
    static WatchRecord decode(long offset, int type, int subtype, int watchId, byte[] buf, int start, int length) {
        PayloadReader in = new PayloadReader(buf, start, length);
        try {
            WatchRecord record = switch (type) {
                case WATCHTRAY_TYPE_THINPOOL -> new WatchRecord.AgentEvent(offset, watchId, THIN_POOL.decode(subtype, in));
                case WATCHTRAY_TYPE_USB -> new WatchRecord.AgentEvent(offset, watchId, USB.decode(subtype, in));
                case WATCHTRAY_TYPE_THINPOOL_READING -> new WatchRecord.AgentReading(offset, watchId, thinPoolReading(subtype, in));
                case WATCHTRAY_TYPE_USB_READING -> new WatchRecord.AgentReading(offset, watchId, usbReading(subtype, in));
                default -> agentMeta(offset, subtype, watchId, in);
            };
            if (in.remaining() != 0) {
                return malformed(offset, buf, start, length, in.remaining() + " unexpected bytes after the last field at byte "
                        + in.position() + " of a " + length + "-byte " + describe(type, subtype) + " record");
            }
            return record;
        } catch (PayloadReader.Truncated | PayloadReader.Absent | EventLayout.BadCode e) {
            return malformed(offset, buf, start, length, describe(type, subtype) + " record: " + e.getMessage());
        }
    }

    private static WatchRecord agentMeta(long offset, int subtype, int watchId, PayloadReader in)
            throws PayloadReader.Truncated, PayloadReader.Absent, EventLayout.BadCode {
        switch (subtype) {
            case AGENT_LOSS -> {
                return new WatchRecord.AgentEvent(offset, watchId, LOSS.decode(subtype, in));
            }
            case AGENT_SOURCE_STATUS -> {
                return new WatchRecord.AgentEvent(offset, watchId, SOURCE_STATUS.decode(subtype, in));
            }
            default -> {
                // the session's own records: no event of their own
            }
        }
        Instant time = in.time("time");
        return switch (subtype) {
            case AGENT_HELLO -> new WatchRecord.AgentHello(offset, watchId, time, in.u16("protocol version"), in.str("agent"));
            case AGENT_PROTOCOL -> new WatchRecord.SessionProtocol(offset, watchId, time, in.u16("protocol version"));
            default -> new WatchRecord.SnapshotMarker(offset, watchId, time,
                    subtype == AGENT_SNAPSHOT_BEGIN ? WatchRecord.SnapshotMarker.Boundary.BEGIN : WatchRecord.SnapshotMarker.Boundary.END,
                    source(in));
        };
    }

    private static ThinPoolReading thinPoolReading(int subtype, PayloadReader in) throws PayloadReader.Truncated, PayloadReader.Absent {
        Instant time = in.time("time");
        String pool = in.requiredStr("pool");
        if (subtype == THINPOOL_READING_GONE) {
            return new ThinPoolReading.Gone(time, pool);
        }
        return new ThinPoolReading.Status(time, pool, in.str("uuid"), in.requiredStr("table"), in.requiredStr("status"));
    }

    private static UsbReading usbReading(int subtype, PayloadReader in) throws PayloadReader.Truncated, PayloadReader.Absent {
        Instant time = in.time("time");
        return switch (subtype) {
            case USB_READING_KERNEL_LOG -> new UsbReading.KernelLogRecord(time, new Bytes(in.bytes("record")));
            case USB_READING_UEVENT -> {
                String product = in.str("product");
                yield new UsbReading.UeventDatagram(time, new Bytes(in.bytes("datagram")), product);
            }
            default -> {
                int count = in.u16("device count");
                Map<String, String> present = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    String port = in.requiredStr("port " + i);
                    present.put(port, in.requiredStr("product " + i));
                }
                yield new UsbReading.Devices(time, present);
            }
        };
    }

    private static SourceId source(PayloadReader in) throws PayloadReader.Truncated, EventLayout.BadCode {
        int code = in.u8("source");
        return EventLayout.known(WireCodes.sourceOf(code), "source", code, in);
    }

    static String describe(int type, int subtype) {
        return switch (type) {
            case WATCHTRAY_TYPE_THINPOOL -> "thin-pool " + WireCodes.thinPoolOf(subtype).wireName();
            case WATCHTRAY_TYPE_USB -> "USB " + WireCodes.usbOf(subtype).wireName();
            case WATCHTRAY_TYPE_THINPOOL_READING -> subtype == THINPOOL_READING_GONE ? "thin-pool reading gone" : "thin-pool reading";
            case WATCHTRAY_TYPE_USB_READING -> switch (subtype) {
                case USB_READING_KERNEL_LOG -> "USB reading kernel-log";
                case USB_READING_UEVENT -> "USB reading uevent";
                default -> "USB reading devices";
            };
            default -> switch (subtype) {
                case AGENT_HELLO -> "agent hello";
                case AGENT_LOSS -> "agent loss";
                case AGENT_SNAPSHOT_BEGIN -> "agent snapshot-begin";
                case AGENT_SNAPSHOT_END -> "agent snapshot-end";
                case AGENT_PROTOCOL -> "agent protocol";
                default -> "agent source-status";
            };
        };
    }

    private static WatchRecord.Malformed malformed(long offset, byte[] buf, int start, int length, String problem) {
        return new WatchRecord.Malformed(offset, length, problem,
                Bytes.copyOf(buf, start, Math.min(length, WatchRecord.Malformed.RAW_LIMIT)));
    }
}
