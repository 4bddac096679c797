package org.watchtray.packaging;

import java.util.ArrayList;
import java.util.List;
import org.watchtray.icons.Icons;
import org.watchtray.icons.Icons.State;

/**
 * Where the .deb puts things, relative to the installation root. {@link DebStage} stages
 * exactly these paths and {@code DebPackageIT} checks that an installed package has them.
 */
public final class InstallLayout {
    private InstallLayout() {
    }

    /** The jpackage application image: launchers in bin/, jars in lib/app/, the Java runtime in lib/runtime/. */
    public static final String APP_DIR = "opt/watchtray";
    public static final String APP_LAUNCHER = APP_DIR + "/bin/watchtray";
    public static final String AGENT_LAUNCHER = APP_DIR + "/bin/watchtray-agent";
    /** A symbolic link to {@link #APP_LAUNCHER}, so {@code watchtray} is on the PATH. */
    public static final String LAUNCHER = "usr/bin/watchtray";
    public static final String DESKTOP_FILE = "usr/share/applications/org.watchtray.Watchtray.desktop";
    public static final String METAINFO = "usr/share/metainfo/org.watchtray.Watchtray.metainfo.xml";
    public static final String USER_UNIT = "usr/lib/systemd/user/watchtray.service";
    public static final String AGENT_UNIT = "usr/lib/systemd/system/watchtray-agent.service";
    /** Creates the system group "watchtray" whose members may use the agent's socket. */
    public static final String SYSUSERS = "usr/lib/sysusers.d/watchtray.conf";
    /** Creates the agent's socket directory /run/watchtray. */
    public static final String TMPFILES = "usr/lib/tmpfiles.d/watchtray.conf";
    public static final String AGENT_RUNTIME_DIR = "run/watchtray";
    /** The systemd message catalog: what each MESSAGE_ID means and what to do ({@code journalctl -x}). */
    public static final String CATALOG = "usr/lib/systemd/catalog/watchtray.catalog";
    public static final String HICOLOR = "usr/share/icons/hicolor";

    public static List<String> desktopFiles() {
        return List.of(DESKTOP_FILE, METAINFO, USER_UNIT, AGENT_UNIT);
    }

    /** A rendered icon in the hicolor theme: the app icon under apps/, tray states under status/. */
    public static String hicolorPng(State state, int size) {
        return HICOLOR + "/" + size + "x" + size + "/" + context(state) + "/" + Icons.themeName(state) + ".png";
    }

    public static String hicolorScalable(State state) {
        return HICOLOR + "/scalable/" + context(state) + "/" + Icons.themeName(state) + ".svg";
    }

    public static String hicolorSymbolic(State state) {
        return HICOLOR + "/symbolic/" + context(state) + "/" + Icons.themeName(state) + "-symbolic.svg";
    }

    /** Every icon file the package installs, for the app icon and each tray state. */
    public static List<String> iconFiles() {
        List<String> paths = new ArrayList<>();
        for (State state : iconStates()) {
            for (int size : Icons.SIZES) {
                paths.add(hicolorPng(state, size));
            }
            paths.add(hicolorScalable(state));
            paths.add(hicolorSymbolic(state));
        }
        return paths;
    }

    /** Every file or link the package installs outside {@link #APP_DIR}. */
    public static List<String> filesOutsideAppDir() {
        List<String> paths = new ArrayList<>(List.of(LAUNCHER, DESKTOP_FILE, METAINFO, USER_UNIT, AGENT_UNIT, SYSUSERS, TMPFILES, CATALOG));
        paths.addAll(iconFiles());
        return paths;
    }

    /** The app icon ({@code null}) followed by the tray states. */
    static List<State> iconStates() {
        List<State> states = new ArrayList<>();
        states.add(null);
        states.addAll(List.of(State.values()));
        return states;
    }

    private static String context(State state) {
        return state == null ? "apps" : "status";
    }
}
