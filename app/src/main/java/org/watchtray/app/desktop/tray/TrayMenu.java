package org.watchtray.app.desktop.tray;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.watchtray.app.desktop.DoNotDisturb;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
import org.watchtray.core.event.Event;

/**
 * The tray's menu as data, built from a {@link TrayState}: the last few events, Open timeline,
 * Do not disturb (1 hour / until tomorrow / off), Settings, Quit. Where no window can open (no
 * display), the window items say why and how to see events instead of doing nothing. Both the dbusmenu export and
 * the AWT fallback render it. Item ids are stable for fixed entries and positional for the
 * recent events, which is what dbusmenu hosts expect between layout revisions.
 */
public final class TrayMenu {
    static final int RECENT_HEADER = 1;
    static final int RECENT_FIRST = 2;
    static final int OPEN_TIMELINE = 20;
    static final int HISTORY_HINT = 21;
    static final int DND = 30;
    static final int DND_HOUR = 31;
    static final int DND_TOMORROW = 32;
    static final int DND_OFF = 33;
    static final int SETTINGS = 40;
    static final int QUIT = 50;
    private static final int MAX_LABEL = 60;

    /** What clicking an item does. */
    public sealed interface Command {
        record OpenTimeline(Event at) implements Command {
        }

        record OpenSettings() implements Command {
        }

        record DoNotDisturbHour() implements Command {
        }

        record DoNotDisturbTomorrow() implements Command {
        }

        record DoNotDisturbOff() implements Command {
        }

        record Quit() implements Command {
        }
    }

    public enum Kind { STANDARD, SEPARATOR, SUBMENU }

    /** One entry; {@code label} is plain text (renderers add mnemonic escaping). */
    public record Item(int id, Kind kind, String label, boolean enabled, Command command, List<Item> children) {
        public Item {
            children = List.copyOf(children);
        }

        static Item action(int id, String label, Command c) {
            return new Item(id, Kind.STANDARD, label, true, c, List.of());
        }

        static Item separator(int id) {
            return new Item(id, Kind.SEPARATOR, "", true, null, List.of());
        }
    }

    private final List<Item> items;
    private final long revision;

    private TrayMenu(List<Item> items, long revision) {
        this.items = List.copyOf(items);
        this.revision = revision;
    }

    /** The menu in English (tests). */
    public static TrayMenu of(TrayState s, ZoneId zone) {
        return of(s, new EventText(Messages.english(zone)));
    }

    /** The menu in the user's language. */
    public static TrayMenu of(TrayState s, EventText words) {
        Messages m = words.messages();
        List<Item> items = new ArrayList<>();
        if (s.recent().isEmpty()) {
            items.add(new Item(RECENT_HEADER, Kind.STANDARD, m.text("tray.recent.none"), false, null, List.of()));
        } else {
            items.add(new Item(RECENT_HEADER, Kind.STANDARD, m.text("tray.recent"), false, null, List.of()));
            int id = RECENT_FIRST;
            for (Event e : s.recent()) {
                String label = m.shortTime(e.time()) + "  " + shorten(words.summary(e));
                items.add(s.noWindows() == null ? Item.action(id++, label, new Command.OpenTimeline(e))
                        : new Item(id++, Kind.STANDARD, label, false, null, List.of()));
            }
        }
        items.add(Item.separator(RECENT_FIRST + 10));
        if (s.noWindows() == null) {
            items.add(Item.action(OPEN_TIMELINE, m.text("tray.open_timeline"), new Command.OpenTimeline(null)));
        } else {
            items.add(new Item(OPEN_TIMELINE, Kind.STANDARD, m.format("tray.timeline_unavailable", s.noWindows()), false, null, List.of()));
            items.add(new Item(HISTORY_HINT, Kind.STANDARD, m.text("tray.history_hint"), false, null, List.of()));
        }
        boolean dndOn = s.doNotDisturbUntil() != null;
        String dndLabel = dndOn ? m.format("tray.dnd.on", m.shortTime(s.doNotDisturbUntil())) : m.text("tray.dnd");
        items.add(new Item(DND, Kind.SUBMENU, dndLabel, true, null, List.of(
                Item.action(DND_HOUR, m.text("tray.dnd.hour"), new Command.DoNotDisturbHour()),
                Item.action(DND_TOMORROW, m.format("tray.dnd.tomorrow", m.timeOfDay(DoNotDisturb.MORNING)), new Command.DoNotDisturbTomorrow()),
                new Item(DND_OFF, Kind.STANDARD, m.text("tray.dnd.off"), dndOn, new Command.DoNotDisturbOff(), List.of()))));
        items.add(s.noWindows() == null ? Item.action(SETTINGS, m.text("tray.settings"), new Command.OpenSettings())
                : new Item(SETTINGS, Kind.STANDARD, m.text("tray.settings.no_display"), false, null, List.of()));
        items.add(Item.separator(SETTINGS + 1));
        items.add(Item.action(QUIT, m.text("tray.quit"), new Command.Quit()));
        return new TrayMenu(items, s.revision());
    }

    public List<Item> items() {
        return items;
    }

    public long revision() {
        return revision;
    }

    public Optional<Item> find(int id) {
        return find(items, id);
    }

    private static Optional<Item> find(List<Item> in, int id) {
        for (Item i : in) {
            if (i.id() == id) {
                return Optional.of(i);
            }
            Optional<Item> child = find(i.children(), id);
            if (child.isPresent()) {
                return child;
            }
        }
        return Optional.empty();
    }

    /** Runs an item's command. */
    public static void run(Command c, TrayActions actions) {
        switch (c) {
            case Command.OpenTimeline o -> actions.openTimeline(o.at());
            case Command.OpenSettings _ -> actions.openSettings();
            case Command.DoNotDisturbHour _ -> actions.doNotDisturbForAnHour();
            case Command.DoNotDisturbTomorrow _ -> actions.doNotDisturbUntilTomorrow();
            case Command.DoNotDisturbOff _ -> actions.doNotDisturbOff();
            case Command.Quit _ -> actions.quit();
        }
    }

    static String shorten(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= MAX_LABEL ? one : one.substring(0, MAX_LABEL - 1) + "\u2026";
    }
}
