package org.watchtray.core.mounts;

import org.watchtray.core.event.Change;
import org.watchtray.core.event.EventShape;
import org.watchtray.core.event.Field;
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
        return SHAPE.details(this);
    }

    // The one list of this event's fields: details, the history and any record codec use it.
    static final Field<MountEvent, Long> MOUNT_ID = Field.int64("mount_id", MountEvent::mountId).absentAs(0L)
            .shownWhen(e -> e.burst() == null);
    static final Field<MountEvent, String> MOUNT_POINT = Field.text("mount_point", MountEvent::mountPoint).optional();
    static final Field<MountEvent, String> PREVIOUS_MOUNT_POINT = Field.text("previous_mount_point", MountEvent::previousMountPoint)
            .optional();
    static final Field<MountEvent, String> FSTYPE = Field.text("fstype", MountEvent::fsType).optional();
    static final Field<MountEvent, String> DEVICE = Field.text("device", MountEvent::device).optional();
    static final Field<MountEvent, String> OPTIONS = Field.text("options", MountEvent::options).optional();
    static final Field<MountEvent, String> PREVIOUS_OPTIONS = Field.text("previous_options", MountEvent::previousOptions).optional();
    static final Field<MountEvent, Instant> BURST_SINCE = Field.<MountEvent>instant("burst_since", e -> burstOf(e, Burst::since)).optional();
    static final Field<MountEvent, Integer> BURST_MOUNTED = Field.<MountEvent>int32("burst_mounted", e -> burstOf(e, Burst::mounted)).optional();
    static final Field<MountEvent, Integer> BURST_UNMOUNTED = Field.<MountEvent>int32("burst_unmounted", e -> burstOf(e, Burst::unmounted))
            .optional();
    /** Schema 1 of the history called it {@code burst_other}. */
    static final Field<MountEvent, Integer> BURST_CHANGED = Field.<MountEvent>int32("burst_changed", e -> burstOf(e, Burst::other)).optional()
            .formerly("burst_other");
    static final Field<MountEvent, List<String>> BURST_EXAMPLES = Field.<MountEvent>texts("burst_examples", e -> burstOf(e, Burst::examples))
            .optional();

    public static final EventShape<MountEvent> SHAPE = EventShape.of(MountEvent.class, "mounts", Change.class,
            List.of(MOUNT_ID, MOUNT_POINT, PREVIOUS_MOUNT_POINT, FSTYPE, DEVICE, OPTIONS, PREVIOUS_OPTIONS,
                    BURST_SINCE, BURST_MOUNTED, BURST_UNMOUNTED, BURST_CHANGED, BURST_EXAMPLES),
            v -> new MountEvent(v.time(), v.change(Change.class), v.get(MOUNT_ID), v.get(MOUNT_POINT), v.get(PREVIOUS_MOUNT_POINT),
                    v.get(FSTYPE), v.get(DEVICE), v.get(OPTIONS), v.get(PREVIOUS_OPTIONS),
                    v.has(BURST_MOUNTED) ? new Burst(v.get(BURST_SINCE), v.get(BURST_MOUNTED), v.get(BURST_UNMOUNTED),
                            v.get(BURST_CHANGED), java.util.Objects.requireNonNullElse(v.get(BURST_EXAMPLES), List.of())) : null));

    private static <T> T burstOf(MountEvent e, java.util.function.Function<Burst, T> part) {
        return e.burst() == null ? null : part.apply(e.burst());
    }
}
