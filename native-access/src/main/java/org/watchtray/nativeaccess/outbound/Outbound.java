package org.watchtray.nativeaccess.outbound;

import java.nio.file.Path;
import java.time.Duration;
import org.watchtray.core.hooks.ProcessGroups;
import org.watchtray.core.journal.JournalSink;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/**
 * The factory for what leaves watchtray through the OS: journal entries and signals to hook
 * processes. The implementations are package-private FFM bindings.
 */
public final class Outbound {
    private Outbound() {
    }

    /**
     * A journal sink sending to {@code socket} (tests pass a private journald's); a send waits at
     * most {@code sendTimeout} for journald.
     */
    public static JournalSink journal(LinuxLibc libc, Path socket, Duration sendTimeout) throws OsException {
        return NativeJournal.open(libc, socket, sendTimeout);
    }

    /** Signals whole process groups (kill(2) with a negative pid), for hooks that outlive their timeout. */
    public static ProcessGroups processGroups() {
        return new KillProcessGroups();
    }
}
