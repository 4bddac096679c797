package org.watchtray.core.event;

import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import java.time.Instant;
import java.util.Map;

/**
 * One thing that happened, decoded and typed. Every family is a record of data and machine
 * names only; consumers switch over the sealed hierarchy exhaustively instead of comparing
 * names. Words for people are made outside: {@link EnglishSummary} for the journal, hooks and
 * JSON, the app's message bundles for what the user reads.
 */
public sealed interface Event
        permits KeyEvent, CredentialEvent, MountEvent, ThinPoolEvent, UsbEvent, LossEvent,
                DecodeProblem, SourceStatusEvent {

    Instant time();

    SourceId source();

    Severity severity();

    /** The dotted name used in JSON and history, e.g. {@code keys.linked}. */
    String name();

    /**
     * The object the event is about (key, principal, mount point, pool, USB port). Events with
     * the same source and subject replace each other's toast and group in the timeline.
     */
    String subject();

    /** Typed fields, in a stable order. */
    Map<String, Object> details();

    /** The raw record bytes when the event came from a binary record; empty otherwise. */
    default Bytes raw() {
        return Bytes.EMPTY;
    }
}
