package org.watchtray.fuzz.targets;

import java.util.List;
import org.watchtray.core.mounts.FanotifyMountRecords;
import org.watchtray.fuzz.Fixtures;
import org.watchtray.fuzz.Target;

/** fanotify mount records (FAN_MNT_ATTACH/DETACH with their mount-ID info): problems are reported, never thrown. */
public final class FanotifyMounts implements Target {
    @Override
    public String name() {
        return "fanotify";
    }

    @Override
    public List<byte[]> seeds() {
        return List.of(Fixtures.of("org.watchtray.core.mounts.FanotifyMountRecordsTest", "RECORDED"));
    }

    @Override
    public void run(byte[] input) {
        FanotifyMountRecords.decode(input, input.length);
    }
}
