package org.watchtray.core.thinpool;

import java.time.Instant;
import java.util.Objects;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.source.Reading;

/** A reading of one thin pool (docs/wire-format.md §5.10): what device-mapper said about it, and when. */
public sealed interface ThinPoolReading extends Reading {

    /** The pool's device-mapper name. */
    String pool();

    @Override
    default SourceId source() {
        return SourceId.THINPOOL;
    }

    /**
     * One {@code DM_TABLE_STATUS} of a thin pool.
     *
     * @param uuid   the dm UUID ("LVM-…" for LVM's pools, "" when none)
     * @param table  the thin-pool target's table parameters ("7:0 7:1 128 768 1 error_if_no_space")
     * @param status its status line ("0 214/2048 0/1024 - rw …")
     */
    record Status(Instant time, String pool, String uuid, String table, String status) implements ThinPoolReading {
        public Status {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(pool, "pool");
            uuid = uuid == null ? "" : uuid;
            table = table == null ? "" : table;
            status = status == null ? "" : status;
        }
    }

    /** The pool's device went away (removed, renamed, or reloaded as something else). */
    record Gone(Instant time, String pool) implements ThinPoolReading {
        public Gone {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(pool, "pool");
        }
    }
}
