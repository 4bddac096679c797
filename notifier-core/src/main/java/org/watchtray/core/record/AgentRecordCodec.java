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
import java.util.Map;
import java.util.Objects;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.source.Reading;
import org.watchtray.core.source.SourceStatus;
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
    private AgentRecordCodec() {
    }

    /** True for the event families the agent can send. */
    public static boolean supports(Event event) {
        return event instanceof ThinPoolEvent || event instanceof UsbEvent || event instanceof LossEvent
                || event instanceof SourceStatusEvent;
    }

    /**
     * One record for {@code event}, watch ID 0. Times keep microseconds, durations keep
     * microseconds, and strings longer than 4096 UTF-8 bytes are cut at a character boundary.
     *
     * @throws IllegalArgumentException for an event family the agent does not send
     */
    public static byte[] encode(Event event) {
        Objects.requireNonNull(event.time(), "event time");
        return switch (event) {
            case ThinPoolEvent e -> new PayloadWriter(WATCHTRAY_TYPE_THINPOOL, WireCodes.thinPool(e.change()))
                    .time(e.time())
                    .f64(e.dataPercent())
                    .f64(e.metadataPercent())
                    .duration(e.fullIn())
                    .i32(e.threshold())
                    .u8(WireCodes.severity(e.severity()))
                    .str(e.pool())
                    .str(e.lvmName())
                    .str(e.mode())
                    .finish();
            case UsbEvent e -> new PayloadWriter(WATCHTRAY_TYPE_USB, WireCodes.usb(e.change()))
                    .time(e.time())
                    .i32(e.errno())
                    .i32(e.count())
                    .i32(e.portFailures())
                    .str(e.port())
                    .str(e.product())
                    .str(e.message())
                    .finish();
            case LossEvent e -> new PayloadWriter(WATCHTRAY_TYPE_AGENT, AGENT_LOSS)
                    .time(e.time())
                    .i64(e.lost())
                    .u8(WireCodes.source(e.affected()))
                    .str(e.where())
                    .finish();
            case SourceStatusEvent e -> new PayloadWriter(WATCHTRAY_TYPE_AGENT, AGENT_SOURCE_STATUS)
                    .time(e.time())
                    .u8(WireCodes.source(e.status().source()))
                    .u8(WireCodes.state(e.status().state()))
                    .str(e.status().mechanism())
                    .str(e.status().reason())
                    .finish();
            default -> throw new IllegalArgumentException("the agent does not send " + event.name() + " events");
        };
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
                case AGENT_LOSS -> 8 + 8 + 8 + 1 + 2;
                case AGENT_SNAPSHOT_BEGIN, AGENT_SNAPSHOT_END -> 8 + 8 + 1;
                case AGENT_SOURCE_STATUS -> 8 + 8 + 1 + 1 + 2 + 2;
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
            case WATCHTRAY_TYPE_THINPOOL -> WireCodes.thinPoolOf(subtype) == null ? -1 : 8 + 8 + 8 + 8 + 8 + 4 + 1 + 3 * 2;
            case WATCHTRAY_TYPE_USB -> WireCodes.usbOf(subtype) == null ? -1 : 8 + 8 + 4 + 4 + 4 + 3 * 2;
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
                case WATCHTRAY_TYPE_THINPOOL -> new WatchRecord.AgentEvent(offset, watchId, thinPool(subtype, in));
                case WATCHTRAY_TYPE_USB -> new WatchRecord.AgentEvent(offset, watchId, usb(subtype, in));
                case WATCHTRAY_TYPE_THINPOOL_READING -> new WatchRecord.AgentReading(offset, watchId, thinPoolReading(subtype, in));
                case WATCHTRAY_TYPE_USB_READING -> new WatchRecord.AgentReading(offset, watchId, usbReading(subtype, in));
                default -> agentMeta(offset, subtype, watchId, in);
            };
            if (in.remaining() != 0) {
                return malformed(offset, buf, start, length, in.remaining() + " unexpected bytes after the last field at byte "
                        + in.position() + " of a " + length + "-byte " + describe(type, subtype) + " record");
            }
            return record;
        } catch (PayloadReader.Truncated | PayloadReader.Absent | BadCode e) {
            return malformed(offset, buf, start, length, describe(type, subtype) + " record: " + e.getMessage());
        }
    }

    private static WatchRecord agentMeta(long offset, int subtype, int watchId, PayloadReader in)
            throws PayloadReader.Truncated, PayloadReader.Absent, BadCode {
        Instant time = in.time("time");
        return switch (subtype) {
            case AGENT_HELLO -> new WatchRecord.AgentHello(offset, watchId, time, in.u16("protocol version"), in.str("agent"));
            case AGENT_LOSS -> {
                long lost = in.i64("lost count");
                SourceId affected = source(in);
                yield new WatchRecord.AgentEvent(offset, watchId, new LossEvent(time, affected, lost, in.str("where")));
            }
            case AGENT_PROTOCOL -> new WatchRecord.SessionProtocol(offset, watchId, time, in.u16("protocol version"));
            case AGENT_SNAPSHOT_BEGIN, AGENT_SNAPSHOT_END -> new WatchRecord.SnapshotMarker(offset, watchId, time,
                    subtype == AGENT_SNAPSHOT_BEGIN ? WatchRecord.SnapshotMarker.Boundary.BEGIN : WatchRecord.SnapshotMarker.Boundary.END,
                    source(in));
            default -> {
                SourceId source = source(in);
                int stateCode = in.u8("state");
                SourceStatus.State state = known(WireCodes.stateOf(stateCode), "state", stateCode, in);
                yield new WatchRecord.AgentEvent(offset, watchId,
                        new SourceStatusEvent(time, new SourceStatus(source, state, in.str("mechanism"), in.str("reason"))));
            }
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

    private static ThinPoolEvent thinPool(int subtype, PayloadReader in) throws PayloadReader.Truncated, PayloadReader.Absent, BadCode {
        Instant time = in.time("time");
        double data = in.f64("data percent");
        double metadata = in.f64("metadata percent");
        var fullIn = in.duration("full in");
        int threshold = in.i32("threshold");
        int severityCode = in.u8("severity");
        Severity severity = known(WireCodes.severityOf(severityCode), "severity", severityCode, in);
        return new ThinPoolEvent(time, WireCodes.thinPoolOf(subtype), severity, in.requiredStr("pool"), in.str("lvm name"),
                data, metadata, threshold, fullIn, in.str("mode"));
    }

    private static UsbEvent usb(int subtype, PayloadReader in) throws PayloadReader.Truncated, PayloadReader.Absent {
        Instant time = in.time("time");
        int errno = in.i32("errno");
        int count = in.i32("count");
        int portFailures = in.i32("port failures");
        return new UsbEvent(time, WireCodes.usbOf(subtype), in.requiredStr("port"), in.str("product"), in.str("message"),
                errno, count, portFailures);
    }

    private static SourceId source(PayloadReader in) throws PayloadReader.Truncated, BadCode {
        int code = in.u8("source");
        return known(WireCodes.sourceOf(code), "source", code, in);
    }

    private static <T> T known(T value, String field, int code, PayloadReader in) throws BadCode {
        if (value == null) {
            throw new BadCode("unknown " + field + " code " + code + " at byte " + (in.position() - 1));
        }
        return value;
    }

    /** A one-byte code field holds a number with no meaning. */
    private static final class BadCode extends Exception {
        BadCode(String message) {
            super(message, null, false, false);
        }
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
