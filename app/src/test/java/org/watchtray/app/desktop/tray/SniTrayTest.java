package org.watchtray.app.desktop.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.DesktopSession;
import org.watchtray.app.testing.Events;
import org.watchtray.core.event.Event;

/**
 * The tray item against the real StatusNotifierWatcher on a private bus. The test plays the
 * host (a panel) with GLib's gdbus and dbus-send, so the wire format is checked by a client
 * that is not dbus-java.
 */
class SniTrayTest {
    @TempDir
    Path tmp;
    DesktopSession session;
    DBusConnection bus;
    SniTray tray;
    final TrayModel model = new TrayModel(5);
    final List<String> done = new CopyOnWriteArrayList<>();

    final TrayActions actions = new TrayActions() {
        @Override
        public void openTimeline(Event event) {
            done.add("timeline " + (event == null ? "-" : event.subject()));
        }

        @Override
        public void openSettings() {
            done.add("settings");
        }

        @Override
        public void doNotDisturbForAnHour() {
            done.add("dnd 1h");
        }

        @Override
        public void doNotDisturbUntilTomorrow() {
            done.add("dnd tomorrow");
        }

        @Override
        public void doNotDisturbOff() {
            done.add("dnd off");
        }

        @Override
        public void quit() {
            done.add("quit");
        }
    };

    @AfterEach
    void stop() throws IOException {
        if (tray != null) {
            tray.close();
        }
        if (bus != null) {
            bus.close();
        }
        if (session != null) {
            session.close();
        }
    }

    private void start(boolean watcher) throws Exception {
        session = DesktopSession.start(tmp);
        if (watcher) {
            session.withWatcher();
        }
        bus = DBusConnectionBuilder.forAddress(session.busAddress()).withShared(false).build();
    }

    private String gdbus(String dest, String path, String method, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("gdbus", "call", "--address", session.busAddress(),
                "--dest", dest, "--object-path", path, "--method", method, "--"));
        cmd.addAll(List.of(args));
        return session.run(cmd);
    }

    private String property(String name) throws Exception {
        return gdbus(tray.busName(), "/StatusNotifierItem", "org.freedesktop.DBus.Properties.Get", "org.kde.StatusNotifierItem", name);
    }

    /** The colour of one pixel of the 16x16 IconPixmap, as the host would draw it (0xAARRGGBB). */
    private int iconPixel(int x, int y) throws Exception {
        String reply = session.run(List.of("dbus-send", "--bus=" + session.busAddress(), "--print-reply", "--dest=" + tray.busName(),
                "/StatusNotifierItem", "org.freedesktop.DBus.Properties.Get", "string:org.kde.StatusNotifierItem", "string:IconPixmap"));
        Matcher m = Pattern.compile("int32 16\\s+int32 16\\s+array of bytes \\[([0-9a-f\\s]+)\\]").matcher(reply);
        assertTrue(m.find(), reply.substring(0, Math.min(400, reply.length())));
        byte[] argb = HexFormat.of().parseHex(m.group(1).replaceAll("\\s", ""));
        assertEquals(16 * 16 * 4, argb.length);
        int i = (y * 16 + x) * 4;
        return (argb[i] & 0xff) << 24 | (argb[i + 1] & 0xff) << 16 | (argb[i + 2] & 0xff) << 8 | (argb[i + 3] & 0xff);
    }

    private boolean doneContains(String s) throws InterruptedException {
        return DesktopSession.eventually(Duration.ofSeconds(5), () -> done.contains(s));
    }

    @Test
    void theItemRegistersAndItsMenuIsReadableOverDbusmenu() throws Exception {
        start(true);
        Optional<SniTray> t = SniTray.start(bus, model, actions, ZoneOffset.UTC, 4711);
        assertTrue(t.isPresent());
        tray = t.get();
        assertEquals("org.kde.StatusNotifierItem-4711-1", tray.busName());

        String registered = gdbus("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher", "org.freedesktop.DBus.Properties.Get",
                "org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems");
        assertTrue(registered.contains("org.kde.StatusNotifierItem-4711-1"), registered);

        assertEquals("(<objectpath '/MenuBar'>,)", property("Menu").strip());
        assertEquals("(<'Active'>,)", property("Status").strip());
        assertEquals("(<'SystemServices'>,)", property("Category").strip());

        model.accept(List.of(Events.usbAdded("3-1_x", Events.T0)));
        String layout = gdbus(tray.busName(), "/MenuBar", "com.canonical.dbusmenu.GetLayout", "0", "-1", "[]");
        for (String label : List.of("'Recent events'", "'10:00  USB 3-1__x (Keyboard) connected'", "'Open timeline'",
                "'Do not disturb'", "'For 1 hour'", "'Until tomorrow 08:00'", "'Off'", "'Settings\u2026'", "'Quit watchtray'")) {
            assertTrue(layout.contains("'label': <" + label + ">"), label + " in " + layout);
        }
        assertTrue(layout.contains("'type': <'separator'>"), layout);
        assertTrue(layout.contains("'children-display': <'submenu'>"), layout);

        gdbus(tray.busName(), "/MenuBar", "com.canonical.dbusmenu.Event", "2", "clicked", "<0>", "0");
        assertTrue(doneContains("timeline 3-1_x"), "a recent event opens the timeline at it: " + done);
        gdbus(tray.busName(), "/MenuBar", "com.canonical.dbusmenu.Event", String.valueOf(TrayMenu.DND_HOUR), "clicked", "<0>", "0");
        gdbus(tray.busName(), "/MenuBar", "com.canonical.dbusmenu.Event", String.valueOf(TrayMenu.SETTINGS), "clicked", "<0>", "0");
        gdbus(tray.busName(), "/MenuBar", "com.canonical.dbusmenu.Event", String.valueOf(TrayMenu.QUIT), "clicked", "<0>", "0");
        assertTrue(doneContains("quit"), done.toString());
        assertEquals(List.of("timeline 3-1_x", "dnd 1h", "settings", "quit"), done);

        String version = gdbus(tray.busName(), "/MenuBar", "org.freedesktop.DBus.Properties.Get", "com.canonical.dbusmenu", "Version");
        assertEquals("(<uint32 3>,)", version.strip());
    }

    @Test
    void aCriticalEventTurnsTheIconRedAndAnnouncesItAndActivateOpensTheTimeline() throws Exception {
        start(true);
        tray = SniTray.start(bus, model, actions, ZoneOffset.UTC, 1).orElseThrow();
        assertEquals(0xff3a80e0, iconPixel(8, 8), "the blue dot of the normal state");
        Path signals = session.monitor("type='signal',path='/StatusNotifierItem'");

        model.accept(List.of(Events.remountedReadOnly("/home", Events.T0)));

        assertEquals(0xffd93025, iconPixel(4, 8), "the red disc of the critical state");
        assertEquals(0xffffffff, iconPixel(8, 7), "its white exclamation mark");
        assertEquals("(<'NeedsAttention'>,)", property("Status").strip());
        assertTrue(property("ToolTip").contains("'1 alert needs attention (1 critical)'"), property("ToolTip"));
        assertTrue(DesktopSession.eventually(Duration.ofSeconds(5), () -> {
            try {
                String s = Files.readString(signals);
                return s.contains("member=NewIcon") && s.contains("member=NewToolTip") && s.contains("member=NewStatus");
            } catch (IOException e) {
                return false;
            }
        }), "hosts are told to re-read the icon");
        assertTrue(Files.readString(signals).contains("string \"NeedsAttention\""));

        gdbus(tray.busName(), "/StatusNotifierItem", "org.kde.StatusNotifierItem.Activate", "10", "10");
        assertTrue(doneContains("timeline -"), done.toString());

        model.acknowledge();
        assertEquals(0xff3a80e0, iconPixel(8, 8), "acknowledged: back to normal");
        model.doNotDisturbUntil(Events.T0.plusSeconds(3600));
        assertEquals("(<'Active'>,)", property("Status").strip());
        assertEquals(0xffffffff, iconPixel(6, 8), "a white pause bar of the paused state");
        assertEquals(0xff767c86, iconPixel(8, 2), "grey above the bars");
    }

    @Test
    void aRestartedWatcherGetsTheItemAgain() throws Exception {
        start(true);
        tray = SniTray.start(bus, model, actions, ZoneOffset.UTC, 2).orElseThrow();
        session.restartWatcher();
        assertTrue(DesktopSession.eventually(Duration.ofSeconds(5), () -> {
            try {
                return gdbus("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher", "org.freedesktop.DBus.Properties.Get",
                        "org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems").contains(tray.busName());
            } catch (Exception e) {
                return false;
            }
        }));
    }

    @Test
    void withoutAWatcherThereIsNoItem() throws Exception {
        start(false);
        assertFalse(SniTray.watcherPresent(bus));
        assertTrue(SniTray.start(bus, model, actions, ZoneOffset.UTC, 3).isEmpty());
        String names = session.run(List.of("gdbus", "call", "--address", session.busAddress(), "--dest", "org.freedesktop.DBus",
                "--object-path", "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.ListNames"));
        assertFalse(names.contains("StatusNotifierItem"), names);
    }
}
