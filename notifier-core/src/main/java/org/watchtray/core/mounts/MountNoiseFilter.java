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
        int first = 0;
        while (first < events.size() && !isNoise(events.get(first))) {
            first++;
        }
        if (first == events.size()) {
            return events; // nothing is noise (the usual change): no copy
        }
        List<MountEvent> kept = new ArrayList<>(events.subList(0, first));
        for (int i = first + 1; i < events.size(); i++) {
            if (!isNoise(events.get(i))) {
                kept.add(events.get(i));
            }
        }
        return kept;
    }

    /** Indexed: it runs for every rule at every change, and an iterator each would be garbage. */
    private static boolean matchesAny(List<Glob> globs, String s) {
        for (int i = 0; i < globs.size(); i++) {
            if (globs.get(i).matches(s)) {
                return true;
            }
        }
        return false;
    }
}
