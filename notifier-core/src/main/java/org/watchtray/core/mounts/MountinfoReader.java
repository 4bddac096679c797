package org.watchtray.core.mounts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;

/**
 * The fallback: re-reads all of {@code /proc/self/mountinfo} and parses it.
 *
 * <p>The kernel hands the file out about a page per {@code read(2)} and holds the namespace
 * lock only within one call, so a table read in pieces can be torn by a change in between (a
 * mount that moved could be missed or seen twice). As util-linux does, after reading to the end
 * the same fd is polled for POLLPRI without waiting: if the table changed meanwhile, it is read
 * again. That poll also takes the change's notification off the fd, which is right: the
 * re-read already includes it.
 *
 * <p>A line that does not parse keeps that mount's previous entry (when its ID could be read),
 * so a malformed line never looks like an unmount.
 */
final class MountinfoReader implements MountTableReader {
    private static final int ATTEMPTS = 8;

    private final MountinfoFile file;

    /** @param fd an open {@code /proc/self/mountinfo}, owned by the caller */
    MountinfoReader(Libc libc, int fd) {
        this.file = new MountinfoFile(libc, fd, 256 * 1024);
    }

    @Override
    public Reading readAll(MountTable previous) throws OsException {
        int n = readSettled();
        MountinfoParser.Result parsed = MountinfoParser.parse(new String(file.bytes(), 0, n, StandardCharsets.UTF_8));
        if (parsed.problems().isEmpty()) {
            return new Reading(MountTable.of(parsed.entries()), List.of());
        }
        List<MountEntry> entries = new ArrayList<>(parsed.entries());
        for (MountinfoParser.Problem p : parsed.problems()) {
            if (p.mountId().isPresent()) {
                MountEntry old = previous.get(p.mountId().getAsInt());
                if (old != null) {
                    entries.add(old);
                }
            }
        }
        return new Reading(MountTable.of(entries), parsed.problems());
    }

    /** A full re-read: complete by itself, never asks for a verification. */
    @Override
    public Reading refresh(MountTable previous, Hints hints) throws OsException {
        return readAll(previous);
    }

    @Override
    public Reading named(MountTable previous, Set<Long> touched) throws OsException {
        return readAll(previous);
    }

    @Override
    public Reading verify(MountTable previous, boolean signalled) throws OsException {
        return readAll(previous);
    }

    /** Every mount is read every time: nothing to narrow. */
    @Override
    public void watch(Predicate<MountEntry> watched) {
    }

    /** Reads the file to its end, again while the table changed during the read (a few times at most). */
    private int readSettled() throws OsException {
        int n = 0;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            n = file.readToEnd();
            if (!file.changedSince()) {
                break;
            }
        }
        return n;
    }

    @Override
    public void close() {
        // Nothing of its own: the fd is the caller's.
    }
}
