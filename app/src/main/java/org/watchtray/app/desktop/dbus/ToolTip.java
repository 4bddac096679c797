package org.watchtray.app.desktop.dbus;

import java.util.List;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** {@code (sa(iiay)ss)}: icon name, icon pixmaps, title, body. */
public final class ToolTip extends Struct {
    @Position(0)
    public final String iconName;
    @Position(1)
    public final List<Pixmap> icon;
    @Position(2)
    public final String title;
    @Position(3)
    public final String body;

    public ToolTip(String iconName, List<Pixmap> icon, String title, String body) {
        this.iconName = iconName;
        this.icon = icon;
        this.title = title;
        this.body = body;
    }
}
