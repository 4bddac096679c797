package org.watchtray.app.desktop.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.DesktopSession;
import org.watchtray.app.testing.Events;
import org.watchtray.core.event.Event;
import org.watchtray.icons.Icons;

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

    /** The 16x16 IconPixmap as a host reads it: ARGB32 bytes in network order. */
    private byte[] icon16() throws Exception {
        return session.trayIcon16(tray.busName());
    }

    /**
     * Whether the pixmap on the bus is the bundled 16-pixel art of {@code state}, pixel by
     * pixel: each PNG pixel (ImageIO, 0xAARRGGBB) must arrive as the bytes A, R, G, B.
     */
    private static boolean shows(byte[] argb, Icons.State state) throws Exception {
        BufferedImage art = ImageIO.read(Icons.png(state, 16));
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int p = art.getRGB(x, y);
                int i = (y * 16 + x) * 4;
                if (argb[i] != (byte) (p >>> 24) || argb[i + 1] != (byte) (p >>> 16)
                        || argb[i + 2] != (byte) (p >>> 8) || argb[i + 3] != (byte) p) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the bus monitor writing {@code signals} has seen a {@code member} signal (within a few seconds). */
    private static boolean signalled(Path signals, String member) throws InterruptedException {
        return DesktopSession.eventually(Duration.ofSeconds(5), () -> {
            try {
                return Files.readString(signals).contains("member=" + member);
            } catch (IOException e) {
                return false;
            }
        });
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

        // What a host's generated proxy sees: the interfaces and the exact signatures.
        String menu = session.run(List.of("gdbus", "introspect", "--address", session.busAddress(), "--dest", tray.busName(),
                "--object-path", "/MenuBar"));
        assertTrue(menu.contains("interface com.canonical.dbusmenu {"), menu);
        // (dbus-java 5.2.2 lists a Tuple's out arguments twice in introspection XML; the reply
        // itself is right, which is what the GetLayout call above and this check read.)
        assertTrue(layout.startsWith("(uint32 ") && layout.contains(", (0, {'children-display': <'submenu'>}, [<(1, {"), layout);
        String item = session.run(List.of("gdbus", "introspect", "--address", session.busAddress(), "--dest", tray.busName(),
                "--object-path", "/StatusNotifierItem"));
        assertTrue(item.contains("interface org.kde.StatusNotifierItem {"), item);
        assertTrue(item.contains("NewStatus(s"), item);
        assertFalse(item.contains("org.watchtray"), "no helper types leak out as D-Bus interfaces: " + item);
    }

    @Test
    void aCriticalEventTurnsTheIconRedAndAnnouncesItAndActivateOpensTheTimeline() throws Exception {
        start(true);
        tray = SniTray.start(bus, model, actions, ZoneOffset.UTC, 1).orElseThrow();
        assertTrue(shows(icon16(), Icons.State.NORMAL), "the normal art");
        Path signals = session.monitor("type='signal',path='/StatusNotifierItem'");

        model.accept(List.of(Events.remountedReadOnly("/home", Events.T0)));

        byte[] critical = icon16();
        assertTrue(shows(critical, Icons.State.CRITICAL), "the critical art");
        assertFalse(shows(critical, Icons.State.NORMAL));
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
        assertTrue(shows(icon16(), Icons.State.NORMAL), "acknowledged: back to normal");
        model.doNotDisturbUntil(Events.T0.plusSeconds(3600));
        assertEquals("(<'Active'>,)", property("Status").strip());
        assertTrue(shows(icon16(), Icons.State.PAUSED), "the paused art");
    }

    @Test
    void theSymbolicLookSendsTheMaskInTheInkOfTheDesktopsSchemeAndAnnouncesIt() throws Exception {
        start(true);
        tray = SniTray.start(bus, model, actions, ZoneOffset.UTC, 5).orElseThrow();
        Path signals = session.monitor("type='signal',path='/StatusNotifierItem',member='NewIcon'");
        tray.look(new TrayLook(org.watchtray.core.settings.Settings.TrayIcon.SYMBOLIC, org.watchtray.app.ui.Palette.DARK));
        assertTrue(signalled(signals, "NewIcon"), "hosts are told to fetch the icon again");
        byte[] argb = icon16();
        BufferedImage mask = ImageIO.read(Icons.symbolicPng(Icons.State.NORMAL, 16));
        int drawn = 0;
        for (int i = 0; i < 16 * 16; i++) {
            int alpha = mask.getRGB(i % 16, i / 16) >>> 24;
            assertEquals((byte) alpha, argb[i * 4], "the mask's alpha at " + i);
            if (alpha > 0) {
                drawn++;
                assertEquals((byte) 0xee, argb[i * 4 + 1], "light ink on a dark panel");
                assertEquals((byte) 0xee, argb[i * 4 + 2]);
                assertEquals((byte) 0xec, argb[i * 4 + 3]);
            }
        }
        assertTrue(drawn > 40, "the eye is drawn: " + drawn);
        tray.look(TrayLook.COLOR);
        assertTrue(shows(icon16(), Icons.State.NORMAL), "back in colour");
    }

    @Test
    void aRestartedWatcherGetsTheItemAgain() throws Exception {
        start(true);
        tray = SniTray.start(bus, model, actions, ZoneOffset.UTC, 2).orElseThrow();
        session.restartWatcher();
        assertTrue(DesktopSession.eventually(Duration.ofSeconds(20), () -> {
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

    /** The system's zone changes while do-not-disturb is on: the tooltip's "until" reads in the new zone, and hosts are told. */
    @Test
    void aZoneChangeRedrawsTheTooltipsTimeAndAnnouncesIt() throws Exception {
        start(true);
        java.util.concurrent.atomic.AtomicReference<java.time.ZoneId> zone = new java.util.concurrent.atomic.AtomicReference<>(
                java.time.ZoneId.of("Europe/Berlin"));
        org.watchtray.app.text.Messages m = org.watchtray.app.text.Messages.english(zone::get);
        tray = SniTray.start(bus, model, actions, new org.watchtray.app.text.EventText(m), 6, TrayLook.COLOR).orElseThrow();
        model.doNotDisturbUntil(Events.T0.plusSeconds(3600));
        String berlin = "Do not disturb until " + org.watchtray.app.text.Messages.english(java.time.ZoneId.of("Europe/Berlin"))
                .shortTime(Events.T0.plusSeconds(3600));
        String newYork = "Do not disturb until " + org.watchtray.app.text.Messages.english(java.time.ZoneId.of("America/New_York"))
                .shortTime(Events.T0.plusSeconds(3600));
        assertTrue(property("ToolTip").contains(berlin), property("ToolTip"));
        Path signals = session.monitor("type='signal',path='/StatusNotifierItem',member='NewToolTip'");

        zone.set(java.time.ZoneId.of("America/New_York"));
        model.zoneChanged();

        assertTrue(property("ToolTip").contains(newYork), property("ToolTip"));
        assertTrue(signalled(signals, "NewToolTip"), "hosts are told to fetch the tooltip again");
    }
}
