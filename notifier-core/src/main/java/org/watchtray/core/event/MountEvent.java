package org.watchtray.core.event;

import java.time.Instant;
import java.util.Map;

/** A mount appeared, went away, moved or changed options; paths are the real, unescaped ones. */
public record MountEvent(Instant time, Change change, long mountId, String mountPoint,
                         String previousMountPoint, String fsType, String device,
                         String options, String previousOptions) implements Event {

    public enum Change implements org.watchtray.core.event.Change {
        MOUNTED("mounted", Severity.INFO),
        UNMOUNTED("unmounted", Severity.INFO),
        MOVED("moved", Severity.INFO),
        OPTIONS_CHANGED("options_changed", Severity.INFO),
        REMOUNTED_READ_ONLY("remounted_ro", Severity.CRITICAL),
        REMOUNTED_READ_WRITE("remounted_rw", Severity.NOTICE),
        NETWORK_MOUNT_LOST("network_lost", Severity.WARNING);

        private final String wireName;
        private final Severity severity;

        Change(String wireName, Severity severity) {
            this.wireName = wireName;
            this.severity = severity;
        }

        @Override
        public String wireName() {
            return wireName;
        }

        @Override
        public Severity severity() {
            return severity;
        }
    }

    @Override
    public SourceId source() {
        return SourceId.MOUNTS;
    }

    @Override
    public Severity severity() {
        return change.severity();
    }

    @Override
    public String name() {
        return "mounts." + change.wireName();
    }

    @Override
    public String subject() {
        return mountPoint;
    }

    @Override
    public String summary() {
        String at = Text.quote(mountPoint);
        String what = Text.visible(fsType) + " " + Text.visible(device == null ? "" : device);
        return switch (change) {
            case MOUNTED -> what.strip() + " mounted at " + at;
            case UNMOUNTED -> at + " unmounted";
            case MOVED -> "Mount moved from " + Text.quote(previousMountPoint == null ? "?" : previousMountPoint) + " to " + at;
            case OPTIONS_CHANGED -> at + " options changed to " + Text.visible(options);
            case REMOUNTED_READ_ONLY -> at + " (" + what.strip() + ") was remounted read-only";
            case REMOUNTED_READ_WRITE -> at + " is writable again";
            case NETWORK_MOUNT_LOST -> "Network mount " + at + " (" + what.strip() + ") is gone";
        };
    }

    @Override
    public Map<String, Object> details() {
        return Details.of()
                .put("mount_id", mountId)
                .put("mount_point", mountPoint)
                .put("previous_mount_point", previousMountPoint)
                .put("fstype", fsType)
                .put("device", device)
                .put("options", options)
                .put("previous_options", previousOptions)
                .asMap();
    }
}
