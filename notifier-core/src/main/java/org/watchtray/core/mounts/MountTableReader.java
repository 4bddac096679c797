package org.watchtray.core.mounts;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;

/**
 * One way of reading the mount table: the whole of it, or only what changed since a previous
 * reading. {@link MountSource} picks one; the two are public so that tests against the real
 * kernel can compare them.
 */
public interface MountTableReader extends AutoCloseable {

    /** With listmount/statmount; only mounts {@code watched} accepts get a cheap look after a change. */
    static MountTableReader statmount(MountTables tables, Predicate<MountEntry> watched) {
        return new StatmountReader(new Statmount(tables), watched);
    }

    /** By re-reading {@code /proc/self/mountinfo} from {@code fd}, which stays the caller's. */
    static MountTableReader mountinfo(Libc libc, int fd) {
        return new MountinfoReader(libc, fd);
    }

    /**
     * What a reading found: the table, any lines that could not be parsed, whether the reader
     * answered cheaply and wants {@link #verify} called soon to be sure nothing else changed in
     * the same wakeup, and the keys of the mounts that may differ from the previous table
     * (null when the reader cannot tell, so everything must be compared).
     */
    record Reading(MountTable table, List<MountinfoParser.Problem> problems, boolean verifyLater, Set<Long> changedKeys) {
        public Reading {
            problems = List.copyOf(problems);
            changedKeys = changedKeys == null ? null : Set.copyOf(changedKeys);
        }

        /** A whole new reading: everything may have changed. */
        Reading(MountTable table, List<MountinfoParser.Problem> problems) {
            this(table, problems, false, null);
        }
    }

    /**
     * Extra knowledge about a change signal: the mounts fanotify named (attached, detached or
     * moved), which must be read in full.
     */
    record Hints(Set<Long> touched) {
        public static final Hints NONE = new Hints(Set.of());

        public Hints {
            touched = Set.copyOf(touched);
        }
    }

    /** Reads every mount afresh. */
    Reading readAll(MountTable previous) throws OsException;

    /**
     * Brings {@code previous} up to date after a change signal, as cheaply as this mechanism
     * can. Together with the {@link #verify} it may ask for, nothing is missed.
     */
    Reading refresh(MountTable previous, Hints hints) throws OsException;

    /**
     * Brings {@code previous} up to date for the mounts fanotify named (attached, detached or
     * moved) and nothing else. Remounts are not named: the caller still answers every change
     * signal with a {@link #refresh} or a later {@link #verify}.
     */
    Reading named(MountTable previous, Set<Long> touched) throws OsException;

    /**
     * The check a cheap answer asked for ({@link Reading#verifyLater()}): a look at every
     * watched mount. {@code signalled}: a change signal came meanwhile and is answered by this
     * look too, so a change no number shows is looked for as well.
     */
    Reading verify(MountTable previous, boolean signalled) throws OsException;

    /**
     * How many mounts a {@link #verify} looks at, as of the last reading: its cost, by which the
     * source spaces verifications. 0 for a reader that never asks for one.
     */
    default int lookSize() {
        return 0;
    }

    /** Which mounts get the cheap look after a change (the user's noise rules changed). */
    void watch(Predicate<MountEntry> watched);

    @Override
    void close();
}
