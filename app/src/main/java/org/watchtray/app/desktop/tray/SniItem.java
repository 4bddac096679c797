package org.watchtray.app.desktop.tray;

import org.watchtray.app.text.EventText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.watchtray.app.desktop.dbus.DBusMenu;
import org.watchtray.app.desktop.dbus.Pixmap;
import org.watchtray.app.desktop.dbus.StatusNotifierItem;
import org.watchtray.app.desktop.dbus.ToolTip;
import org.watchtray.icons.Icons;

/**
 * The tray item itself: its properties reflect the current {@link TrayState} (icon pixmaps for
 * the worst state, tooltip with the count, status), and a primary click opens the timeline.
 * Called on dbus-java's threads.
 */
final class SniItem implements StatusNotifierItem, Properties {
    private static final String PIXMAPS = "a(iiay)";

    private final IconPixmaps pixmaps;
    private final TrayActions actions;
    private final EventText words;
    private volatile TrayState state;
    private volatile TrayLook look;

    SniItem(TrayState initial, TrayLook look, IconPixmaps pixmaps, TrayActions actions, EventText words) {
        this.state = initial;
        this.look = look;
        this.pixmaps = pixmaps;
        this.actions = actions;
        this.words = words;
    }

    void update(TrayState s) {
        state = s;
    }

    void look(TrayLook l) {
        look = l;
    }

    @Override
    public String getObjectPath() {
        return OBJECT_PATH;
    }

    @Override
    public void Activate(int x, int y) {
        actions.openTimeline(null);
    }

    @Override
    public void SecondaryActivate(int x, int y) {
        actions.openTimeline(null);
    }

    @Override
    public void ContextMenu(int x, int y) {
        // The host renders the dbusmenu at Menu itself; an item has no menu of its own to pop up.
    }

    @Override
    public void Scroll(int delta, String orientation) {
        // Nothing to scroll through.
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> A Get(String interfaceName, String propertyName) {
        return (A) ReadOnlyProperties.get(INTERFACE, properties(), interfaceName, propertyName);
    }

    @Override
    public <A> void Set(String interfaceName, String propertyName, A value) {
        throw ReadOnlyProperties.readOnly(propertyName);
    }

    @Override
    public Map<String, Variant<?>> GetAll(String interfaceName) {
        return ReadOnlyProperties.getAll(INTERFACE, properties(), interfaceName);
    }

    Map<String, Variant<?>> properties() {
        TrayState s = state;
        TrayLook l = look;
        List<Pixmap> icon = pixmaps.of(s.icon(), l);
        Map<String, Variant<?>> p = new LinkedHashMap<>();
        p.put("Category", new Variant<>("SystemServices"));
        p.put("Id", new Variant<>("watchtray"));
        p.put("Title", new Variant<>("watchtray"));
        p.put("Status", new Variant<>(s.sniStatus()));
        p.put("WindowId", new Variant<>(0));
        p.put("IconName", new Variant<>(""));
        p.put("IconThemePath", new Variant<>(""));
        p.put("IconPixmap", new Variant<>(icon, PIXMAPS));
        p.put("OverlayIconName", new Variant<>(""));
        p.put("OverlayIconPixmap", new Variant<>(List.of(), PIXMAPS));
        p.put("AttentionIconName", new Variant<>(""));
        p.put("AttentionIconPixmap", new Variant<>(pixmaps.of(Icons.State.CRITICAL, l), PIXMAPS));
        p.put("AttentionMovieName", new Variant<>(""));
        p.put("ToolTip", new Variant<>(new ToolTip("", icon, "watchtray", s.tooltip(words.messages())), "(sa(iiay)ss)"));
        p.put("ItemIsMenu", new Variant<>(false));
        p.put("Menu", new Variant<>(new DBusPath(DBusMenu.OBJECT_PATH)));
        return p;
    }
}
