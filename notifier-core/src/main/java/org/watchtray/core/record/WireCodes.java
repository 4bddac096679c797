package org.watchtray.core.record;

import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.source.SourceStatus;

/**
 * The stable numbers watchtray records use for enums (docs/wire-format.md §3.2). They are
 * written out rather than taken from {@code ordinal()}, so reordering an enum cannot change
 * the wire format; the exhaustive switches make a new constant a compile error until it has
 * a number.
 */
final class WireCodes {
    private WireCodes() {
    }

    static int source(SourceId id) {
        return switch (id) {
            case KEYS -> 0;
            case KERBEROS -> 1;
            case MOUNTS -> 2;
            case THINPOOL -> 3;
            case USB -> 4;
            case META -> 5;
            case HISTORY -> 6;
            case JOURNAL -> 7;
            case HOOKS -> 8;
        };
    }

    static int severity(Severity s) {
        return switch (s) {
            case INFO -> 0;
            case NOTICE -> 1;
            case WARNING -> 2;
            case CRITICAL -> 3;
        };
    }

    static int state(SourceStatus.State s) {
        return switch (s) {
            case ACTIVE -> 0;
            case DEGRADED -> 1;
            case UNAVAILABLE -> 2;
            case DISABLED -> 3;
        };
    }

    static int thinPool(ThinPoolEvent.Change c) {
        return switch (c) {
            case STATUS -> 0;
            case DATA_THRESHOLD -> 1;
            case METADATA_THRESHOLD -> 2;
            case LOW_WATER_MARK -> 3;
            case OUT_OF_DATA_SPACE -> 4;
            case READ_ONLY -> 5;
            case FAILED -> 6;
            case NEEDS_CHECK -> 7;
            case RESOLVED -> 8;
        };
    }

    static int usb(UsbEvent.Change c) {
        return switch (c) {
            case ADDED -> 0;
            case REMOVED -> 1;
            case ENUMERATION_ERROR -> 2;
            case CANNOT_ENUMERATE -> 3;
            case RESET -> 4;
            case OVER_CURRENT -> 5;
            case DISCONNECT -> 6;
            case DISCONNECT_STORM -> 7;
            case ERROR -> 8;
            case PORT_FAILING -> 9;
        };
    }

    private static final SourceId[] SOURCES = table(SourceId.values(), WireCodes::source, SourceId[]::new);
    private static final Severity[] SEVERITIES = table(Severity.values(), WireCodes::severity, Severity[]::new);
    private static final SourceStatus.State[] STATES = table(SourceStatus.State.values(), WireCodes::state, SourceStatus.State[]::new);
    private static final ThinPoolEvent.Change[] THIN_POOL = table(ThinPoolEvent.Change.values(), WireCodes::thinPool, ThinPoolEvent.Change[]::new);
    private static final UsbEvent.Change[] USB = table(UsbEvent.Change.values(), WireCodes::usb, UsbEvent.Change[]::new);

    /** The constant for a code, or null when the code is unknown. */
    static SourceId sourceOf(int code) {
        return lookup(SOURCES, code);
    }

    static Severity severityOf(int code) {
        return lookup(SEVERITIES, code);
    }

    static SourceStatus.State stateOf(int code) {
        return lookup(STATES, code);
    }

    static ThinPoolEvent.Change thinPoolOf(int code) {
        return lookup(THIN_POOL, code);
    }

    static UsbEvent.Change usbOf(int code) {
        return lookup(USB, code);
    }

    private static <T> T lookup(T[] table, int code) {
        return code >= 0 && code < table.length ? table[code] : null;
    }

    private static <T> T[] table(T[] constants, java.util.function.ToIntFunction<T> code,
                                 java.util.function.IntFunction<T[]> array) {
        T[] byCode = array.apply(constants.length);
        for (T c : constants) {
            byCode[code.applyAsInt(c)] = c;
        }
        return byCode;
    }
}
