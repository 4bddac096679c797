package org.watchtray.core.record;

import java.time.Instant;
import java.util.OptionalLong;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.source.Reading;

/**
 * One record found in a buffer of {@code struct watch_notification} records, kernel or
 * watchtray's own (docs/wire-format.md). Everything the decoder meets becomes one of these;
 * malformed input is a {@link Malformed} value, never an exception.
 */
public sealed interface WatchRecord {

    /** Offset of the record's first byte, counted from where decoding started. */
    long offset();

    /** A key changed: {@code struct key_notification} (type 1, 16 bytes). */
    record KeyNotification(long offset, int subtype, int watchId, int keySerial, int aux, Bytes raw)
            implements WatchRecord {
    }

    /**
     * A watch was removed (META subtype 0). The 8-byte form has no object ID; the 16-byte
     * form carries the watched object's ID (for key watches, the key serial).
     */
    record Removal(long offset, int watchId, OptionalLong objectId, Bytes raw) implements WatchRecord {
    }

    /** The kernel dropped records (META subtype 1, always 8 bytes). */
    record Loss(long offset, int watchId, Bytes raw) implements WatchRecord {
    }

    /** The agent's greeting: the protocol version it speaks and who it is. */
    record AgentHello(long offset, int watchId, Instant time, int protocolVersion, String agent)
            implements WatchRecord {
    }

    /** The agent starts or ends replaying the current state of one source. */
    record SnapshotMarker(long offset, int watchId, Instant time, Boundary boundary, SourceId source)
            implements WatchRecord {

        public enum Boundary { BEGIN, END }
    }

    /**
     * The agent answered a desktop's HELLO: from this record on, the session speaks
     * {@code protocolVersion} (and a snapshot of every served source follows).
     */
    record SessionProtocol(long offset, int watchId, Instant time, int protocolVersion) implements WatchRecord {
    }

    /** A reading the agent serialised (protocol 2): a thin pool's status, a USB kernel record, the devices present. */
    record AgentReading(long offset, int watchId, Reading reading) implements WatchRecord {
    }

    /** An event the agent serialised (thin pool, USB, loss, source status). */
    record AgentEvent(long offset, int watchId, Event event) implements WatchRecord {
    }

    /**
     * A well-framed record whose type or subtype this build does not know (a newer kernel or
     * agent). It is skipped by its length.
     */
    record Unknown(long offset, int type, int subtype, int watchId, Bytes raw) implements WatchRecord {
    }

    /**
     * Bytes that are not a valid record: what was wrong, where, and how many bytes it covers.
     * {@code raw} holds at most the first {@link #RAW_LIMIT} of those bytes.
     */
    record Malformed(long offset, long length, String problem, Bytes raw) implements WatchRecord {
        public static final int RAW_LIMIT = 256;
    }
}
