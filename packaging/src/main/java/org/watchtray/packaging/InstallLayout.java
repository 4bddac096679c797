package org.watchtray.packaging;

import java.util.List;

/** Where the package puts things, relative to the installation root. */
public final class InstallLayout {
    private InstallLayout() {
    }

    public static final String APP_DIR = "opt/watchtray";
    public static final String LAUNCHER = "usr/bin/watchtray";
    public static final String DESKTOP_FILE = "usr/share/applications/org.watchtray.Watchtray.desktop";
    public static final String METAINFO = "usr/share/metainfo/org.watchtray.Watchtray.metainfo.xml";
    public static final String USER_UNIT = "usr/lib/systemd/user/watchtray.service";
    public static final String AGENT_UNIT = "usr/lib/systemd/system/watchtray-agent.service";

    public static List<String> desktopFiles() {
        return List.of(DESKTOP_FILE, METAINFO, USER_UNIT, AGENT_UNIT);
    }
}
