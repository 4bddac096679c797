package org.watchtray.nativeaccess.mounts;

import java.util.List;
import java.util.Set;
import org.watchtray.core.mounts.MountTable;
import org.watchtray.core.parse.MountinfoParser;
import org.watchtray.nativeaccess.NativeException;

/** One way of reading the mount table: the whole of it, or only what changed since a previous reading. */
interface MountTableReader extends AutoCloseable {

    /**
     * What a reading found: the table, any lines that could not be parsed, and whether the
     * reader answered cheaply and wants {@link #verify} called soon to be sure nothing else
     * changed in the same wakeup.
     */
    record Reading(MountTable table, List<MountinfoParser.Problem> problems, boolean verifyLater) {
        public Reading {
            problems = List.copyOf(problems);
        }

        Reading(MountTable table, List<MountinfoParser.Problem> problems) {
            this(table, problems, false);
        }
    }

    /**
     * Extra knowledge about a change signal: the mounts fanotify named (attached, detached or
     * moved), which must be read in full.
     */
    record Hints(Set<Long> touched) {
        static final Hints NONE = new Hints(Set.of());

        public Hints {
            touched = Set.copyOf(touched);
        }
    }

    /** Reads every mount afresh. */
    Reading readAll(MountTable previous) throws NativeException;

    /**
     * Brings {@code previous} up to date after a change signal, as cheaply as this mechanism
     * can. Together with the {@link #verify} it may ask for, nothing is missed.
     */
    Reading refresh(MountTable previous, Hints hints) throws NativeException;

    /** The check a cheap {@link #refresh} asked for ({@link Reading#verifyLater()}). */
    Reading verify(MountTable previous) throws NativeException;

    @Override
    void close();
}
