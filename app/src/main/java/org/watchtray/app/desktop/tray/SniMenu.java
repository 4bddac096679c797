package org.watchtray.app.desktop.tray;

import org.watchtray.app.text.EventText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.watchtray.app.desktop.dbus.DBusMenu;

/**
 * The tray menu over {@code com.canonical.dbusmenu}: hosts fetch the layout with
 * {@code GetLayout} and report clicks with {@code Event(id, "clicked")}. Properties equal to
 * the spec's defaults are left out, as the spec asks. Called on dbus-java's threads.
 */
final class SniMenu implements DBusMenu, Properties {
    private final TrayActions actions;
    private final EventText words;
    private final Consumer<Long> layoutChanged;
    private volatile TrayMenu menu;

    SniMenu(TrayState initial, TrayActions actions, EventText words, Consumer<Long> layoutChanged) {
        this.actions = actions;
        this.words = words;
        this.layoutChanged = layoutChanged;
        this.menu = TrayMenu.of(initial, words);
    }

    void update(TrayState state) {
        menu = TrayMenu.of(state, words);
        layoutChanged.accept(menu.revision());
    }

    @Override
    public String getObjectPath() {
        return OBJECT_PATH;
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
        return Map.of("Version", new Variant<>(new UInt32(3)), "Status", new Variant<>("normal"),
                "TextDirection", new Variant<>(words.messages().rightToLeft() ? "rtl" : "ltr"), "IconThemePath", new Variant<>(List.of(), "as"));
    }

    @Override
    public LayoutReply<UInt32, Layout> GetLayout(int parentId, int recursionDepth, List<String> propertyNames) {
        TrayMenu m = menu;
        Layout layout;
        if (parentId == 0) {
            layout = new Layout(0, Map.of("children-display", new Variant<>("submenu")), children(m.items(), recursionDepth, propertyNames));
        } else {
            layout = m.find(parentId).map(i -> node(i, recursionDepth, propertyNames)).orElse(new Layout(parentId, Map.of(), List.of()));
        }
        return new LayoutReply<>(new UInt32(m.revision()), layout);
    }

    private List<Variant<?>> children(List<TrayMenu.Item> items, int depth, List<String> names) {
        List<Variant<?>> out = new ArrayList<>();
        if (depth == 0) {
            return out;
        }
        for (TrayMenu.Item i : items) {
            out.add(new Variant<>(node(i, depth - 1, names), LAYOUT_SIGNATURE));
        }
        return out;
    }

    private Layout node(TrayMenu.Item i, int depth, List<String> names) {
        return new Layout(i.id(), properties(i, names), children(i.children(), depth, names));
    }

    static Map<String, Variant<?>> properties(TrayMenu.Item i, List<String> names) {
        Map<String, Variant<?>> p = new LinkedHashMap<>();
        switch (i.kind()) {
            case SEPARATOR -> p.put("type", new Variant<>("separator"));
            case SUBMENU -> {
                p.put("label", new Variant<>(mnemonicSafe(i.label())));
                p.put("children-display", new Variant<>("submenu"));
            }
            case STANDARD -> p.put("label", new Variant<>(mnemonicSafe(i.label())));
        }
        if (!i.enabled()) {
            p.put("enabled", new Variant<>(false));
        }
        if (!names.isEmpty()) {
            p.keySet().retainAll(names);
        }
        return p;
    }

    /** Underscore marks a mnemonic in dbusmenu labels; a literal one is written twice. */
    static String mnemonicSafe(String label) {
        return label.replace("_", "__");
    }

    @Override
    public List<ItemProperties> GetGroupProperties(List<Integer> ids, List<String> propertyNames) {
        TrayMenu m = menu;
        List<ItemProperties> out = new ArrayList<>();
        for (int id : ids) {
            m.find(id).ifPresent(i -> out.add(new ItemProperties(id, properties(i, propertyNames))));
        }
        return out;
    }

    @Override
    public Variant<?> GetProperty(int id, String name) {
        Variant<?> v = menu.find(id).map(i -> properties(i, List.of(name)).get(name)).orElse(null);
        if (v == null) {
            throw new org.freedesktop.dbus.exceptions.DBusExecutionException("no property " + name + " on item " + id);
        }
        return v;
    }

    @Override
    public void Event(int id, String eventId, Variant<?> data, UInt32 timestamp) {
        if (!"clicked".equals(eventId)) {
            return;
        }
        Optional<TrayMenu.Item> item = menu.find(id);
        item.filter(TrayMenu.Item::enabled).map(TrayMenu.Item::command).ifPresent(c -> TrayMenu.run(c, actions));
    }

    @Override
    public List<Integer> EventGroup(List<EventRecord> events) {
        List<Integer> missing = new ArrayList<>();
        for (EventRecord e : events) {
            if (menu.find(e.id).isEmpty()) {
                missing.add(e.id);
            } else {
                Event(e.id, e.eventId, e.data, e.timestamp);
            }
        }
        return missing;
    }

    @Override
    public boolean AboutToShow(int id) {
        return false;
    }

    @Override
    public AboutToShowGroupReply<List<Integer>, List<Integer>> AboutToShowGroup(List<Integer> ids) {
        return new AboutToShowGroupReply<>(List.of(), List.of());
    }
}
