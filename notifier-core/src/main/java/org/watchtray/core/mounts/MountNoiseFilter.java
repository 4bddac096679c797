package org.watchtray.core.mounts;

import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.settings.Settings;

/**
 * The user's editable noise rules ({@link Settings.Mounts}): mounts whose mount point or
 * filesystem type matches one of the globs are not reported. A move is noise only when both
 * its old and its new place are.
 */
public final class MountNoiseFilter {
    private final List<Glob> mountPoints;
    private final List<Glob> fsTypes;

    public MountNoiseFilter(List<String> ignoreMountPoints, List<String> ignoreFsTypes) {
        this.mountPoints = ignoreMountPoints.stream().map(Glob::compile).toList();
        this.fsTypes = ignoreFsTypes.stream().map(Glob::compile).toList();
    }

    public static MountNoiseFilter from(Settings.Mounts settings) {
        return new MountNoiseFilter(settings.ignoreMountPoints(), settings.ignoreFsTypes());
    }

    /** Reports nothing as noise. */
    public static MountNoiseFilter none() {
        return new MountNoiseFilter(List.of(), List.of());
    }

    public boolean isNoise(MountEvent e) {
        if (e.fsType() != null && matchesAny(fsTypes, e.fsType())) {
            return true;
        }
        boolean here = matchesAny(mountPoints, e.mountPoint());
        return e.previousMountPoint() == null ? here : here && matchesAny(mountPoints, e.previousMountPoint());
    }

    /** Whether changes to this mount would be reported at all. */
    public boolean isWatched(MountEntry e) {
        return !matchesAny(fsTypes, e.fsType()) && !matchesAny(mountPoints, e.mountPoint());
    }

    /** The events that are not noise; {@code events} itself when there are no rules. */
    public List<MountEvent> withoutNoise(List<MountEvent> events) {
        if (fsTypes.isEmpty() && mountPoints.isEmpty()) {
            return events; // nothing is noise (the default): no copy per change
        }
        List<MountEvent> kept = new ArrayList<>(events.size());
        for (MountEvent e : events) {
            if (!isNoise(e)) {
                kept.add(e);
            }
        }
        return kept;
    }

    private static boolean matchesAny(List<Glob> globs, String s) {
        for (Glob g : globs) {
            if (g.matches(s)) {
                return true;
            }
        }
        return false;
    }
}
