package org.watchtray.core.mounts;

import org.watchtray.core.event.Change;
import org.watchtray.core.event.Details;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.Text;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A mount appeared, went away, moved or changed options; paths are the real, unescaped ones.
 * A {@link Change#BURST} summarises many changes that came together (see {@link Burst}); its
 * mount point is the deepest directory they share.
 */
public record MountEvent(Instant time, Change change, long mountId, String mountPoint,
                         String previousMountPoint, String fsType, String device,
                         String options, String previousOptions, Burst burst) implements Event {

    public MountEvent {
        if ((change == Change.BURST) != (burst != null)) {
            throw new IllegalArgumentException("a burst summary, and only a burst summary, carries a Burst");
        }
    }

    /** A single change (not a burst summary). */
    public MountEvent(Instant time, Change change, long mountId, String mountPoint,
                      String previousMountPoint, String fsType, String device,
                      String options, String previousOptions) {
        this(time, change, mountId, mountPoint, previousMountPoint, fsType, device, options, previousOptions, null);
    }

    /**
     * What a burst summary stands for: how many changes of each kind, since when, and the first
     * few mount points as examples.
     */
    public record Burst(Instant since, int mounted, int unmounted, int other, List<String> examples) {
        public Burst {
            examples = List.copyOf(examples);
        }

        public int total() {
            return mounted + unmounted + other;
        }
    }

    public enum Change implements org.watchtray.core.event.Change {
        MOUNTED("mounted", Severity.INFO),
        UNMOUNTED("unmounted", Severity.INFO),
        MOVED("moved", Severity.INFO),
        OPTIONS_CHANGED("options_changed", Severity.INFO),
        REMOUNTED_READ_ONLY("remounted_ro", Severity.CRITICAL),
        REMOUNTED_READ_WRITE("remounted_rw", Severity.NOTICE),
        NETWORK_MOUNT_LOST("network_lost", Severity.WARNING),
        /** Many changes at once (a container starting, {@code mount -a}), summarised. */
        BURST("burst", Severity.INFO);

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

    /** A read-only remount the filesystem made itself after errors (ext4's {@code emergency_ro}), not one asked for. */
    public boolean afterErrors() {
        return change == Change.REMOUNTED_READ_ONLY && options != null && options.contains("emergency_ro");
    }

    @Override
    public Map<String, Object> details() {
        return Details.of()
                .put("mount_id", burst == null ? mountId : null)
                .put("mount_point", mountPoint)
                .put("previous_mount_point", previousMountPoint)
                .put("fstype", fsType)
                .put("device", device)
                .put("options", options)
                .put("previous_options", previousOptions)
                .put("burst_since", burst == null ? null : burst.since())
                .put("burst_mounted", burst == null ? null : burst.mounted())
                .put("burst_unmounted", burst == null ? null : burst.unmounted())
                .put("burst_changed", burst == null ? null : burst.other())
                .put("burst_examples", burst == null ? null : String.join(", ", burst.examples().stream().map(Text::quote).toList()))
                .asMap();
    }
}
