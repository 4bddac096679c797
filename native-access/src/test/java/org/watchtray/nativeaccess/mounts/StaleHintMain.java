package org.watchtray.nativeaccess.mounts;

import java.time.Instant;
import java.util.Set;
import org.watchtray.core.mounts.MountDiff;
import org.watchtray.core.mounts.MountEntry;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.mounts.MountTable;
import org.watchtray.core.mounts.MountTableReader;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * args: FROM TO. Reads the table, moves the mount at FROM to TO (same parent) with bash, then
 * refreshes as if fanotify had named an unrelated, unchanged mount (a late event for a change
 * already seen) and prints the events, one "change mountpoint" per line.
 */
public final class StaleHintMain {
    public static void main(String[] args) throws Exception {
        try (MountTableReader reader = MountTableReader.statmount(NativeAccess.linux().mountTables(), e -> true)) {
            MountTable before = reader.readAll(MountTable.EMPTY).table();
            long unrelated = before.entries().stream().filter(e -> e.mountPoint().equals("/")).findFirst()
                    .map(MountEntry::uniqueId).orElseThrow();
            MountScenarioMain.Shell.Result r = MountScenarioMain.Shell.bash("mount --move "
                    + MountScenarioMain.Shell.quote(args[0]) + " " + MountScenarioMain.Shell.quote(args[1]));
            if (r.exit() != 0) {
                throw new IllegalStateException(r.stderr());
            }
            MountTableReader.Reading after = reader.refresh(before, new MountTableReader.Hints(Set.of(unrelated)));
            for (MountEvent e : MountDiff.between(before, after.table(), Instant.now())) {
                System.out.println(e.change() + " " + e.mountPoint());
            }
        }
    }
}
