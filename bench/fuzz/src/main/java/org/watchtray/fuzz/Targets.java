package org.watchtray.fuzz;

import java.util.List;
import org.watchtray.agent.AgentRequestTarget;
import org.watchtray.app.history.HistoryCodecTarget;
import org.watchtray.app.settings.SettingsJsonTarget;
import org.watchtray.fuzz.targets.AgentRecordEncoding;
import org.watchtray.fuzz.targets.FanotifyMounts;
import org.watchtray.fuzz.targets.Inotify;
import org.watchtray.fuzz.targets.Kmsg;
import org.watchtray.fuzz.targets.Mountinfo;
import org.watchtray.fuzz.targets.ProcKeysText;
import org.watchtray.fuzz.targets.StatmountBuffers;
import org.watchtray.fuzz.targets.ThinPoolLines;
import org.watchtray.fuzz.targets.Uevent;
import org.watchtray.fuzz.targets.WatchQueueRecords;
import org.watchtray.nativeaccess.thinpool.DmPayloadTarget;

/** Every target, in the order they run. Adding a decoder means adding one small class here. */
public final class Targets {
    private Targets() {
    }

    public static List<Target> all() {
        return List.of(new WatchQueueRecords(), new AgentRecordEncoding(), new Mountinfo(), new FanotifyMounts(), new Kmsg(),
                new Uevent(), new ThinPoolLines(), new ProcKeysText(), new Inotify(), new SettingsJsonTarget(), new HistoryCodecTarget(),
                new StatmountBuffers(), new DmPayloadTarget(), new AgentRequestTarget());
    }
}
