package org.watchtray.app.desktop.appearance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.desktop.dbus.PortalSettings;
import org.watchtray.app.testing.DesktopSession;
import org.watchtray.app.ui.Palette;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;

/**
 * The desktop's colour scheme from the real XDG desktop portal (xdg-desktop-portal with its GTK
 * backend, reading GSettings from a key file) on a private session; a portal that is stuck or
 * absent; and, because the portal in Debian 12 only has version 1 of the interface, a small
 * version-2 portal exported by the test to check that {@code ReadOne} is asked first.
 */
class PortalColorSchemeTest {
    @TempDir
    Path tmp;
    DesktopSession session;
    DBusConnection bus;
    PortalColorScheme portal;
    final List<SchemePreference> heard = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        if (portal != null) {
            portal.close();
        }
        if (bus != null) {
            bus.close();
        }
        if (session != null) {
            session.close();
        }
    }

    private void connect() throws Exception {
        bus = DBusConnectionBuilder.forAddress(session.busAddress()).withShared(false).build();
    }

    private boolean heardLast(SchemePreference p) throws InterruptedException {
        return DesktopSession.eventually(Duration.ofSeconds(10), () -> !heard.isEmpty() && heard.getLast() == p);
    }

    @Test
    void theRealPortalAnswersAndAnnouncesEveryChange() throws Exception {
        session = DesktopSession.start(tmp).withX();
        session.gsettings("set", "org.gnome.desktop.interface", "color-scheme", "prefer-dark");
        session.withPortal();
        connect();

        portal = PortalColorScheme.start(bus, heard::add);
        assertTrue(portal.answered().get(10, TimeUnit.SECONDS), "the portal answered (ReadOne is unknown to it, Read is not)");
        assertEquals(List.of(SchemePreference.DARK), heard);

        session.gsettings("set", "org.gnome.desktop.interface", "color-scheme", "prefer-light");
        assertTrue(heardLast(SchemePreference.LIGHT), "SettingChanged: " + heard);
        session.gsettings("set", "org.gnome.desktop.interface", "color-scheme", "default");
        assertTrue(heardLast(SchemePreference.NONE), "SettingChanged: " + heard);
    }

    @Test
    void aStuckPortalHoldsNothingUpGtkDecidesAndItsLateAnswerStillCounts() throws Exception {
        session = DesktopSession.start(tmp).withX();
        session.gsettings("set", "org.gnome.desktop.interface", "color-scheme", "prefer-light");
        Process xdp = session.withPortal();
        connect();
        // GTK's own settings say dark; the portal (once it answers) says light.
        Path config = Files.createDirectories(tmp.resolve("user-config/gtk-3.0"));
        Files.writeString(config.resolve("settings.ini"), "[Settings]\ngtk-application-prefer-dark-theme=1\n");
        Map<String, String> vars = new HashMap<>(Map.of("PATH", System.getenv("PATH"), "XDG_CONFIG_HOME", tmp.resolve("user-config").toString(),
                "XDG_CONFIG_DIRS", tmp.resolve("no-system-config").toString()));

        session.run(List.of("kill", "-STOP", String.valueOf(xdp.pid())));
        try {
            AppearanceModel model = new AppearanceModel(Settings.ColorScheme.SYSTEM);
            try (DesktopColorScheme following = DesktopColorScheme.follow(bus, new Environment(vars, tmp), model)) {
                PortalColorScheme asked = following.portal();
                // The portal cannot have answered (it is stopped), so had follow() waited for it the
                // 500 ms would have run out before it returned.
                assertFalse(asked.answered().isDone(), "follow() returned without waiting for the portal");
                assertFalse(asked.answered().get(5, TimeUnit.SECONDS), "no answer within the patience");
                assertTrue(DesktopSession.eventually(Duration.ofSeconds(10), () -> model.current() == Palette.DARK),
                        "GTK's settings decide meanwhile");

                session.run(List.of("kill", "-CONT", String.valueOf(xdp.pid())));
                assertTrue(DesktopSession.eventually(Duration.ofSeconds(20), () -> model.current() == Palette.LIGHT),
                        "the portal's late answer wins over GTK's");
            }
        } finally {
            session.run(List.of("kill", "-CONT", String.valueOf(xdp.pid())));
        }
    }

    @Test
    void withoutAPortalTheAnswerIsNoAtOnce() throws Exception {
        session = DesktopSession.start(tmp);
        connect();
        portal = PortalColorScheme.start(bus, heard::add);
        assertFalse(portal.answered().get(5, TimeUnit.SECONDS));
        assertEquals(List.of(), heard);
    }

    /** A version-2 portal: answers ReadOne (the plain value); Read would give it wrapped. */
    static final class Version2Portal implements PortalSettings {
        final List<String> asked = new CopyOnWriteArrayList<>();
        volatile long scheme = 1;

        @Override
        public Variant<?> ReadOne(String namespace, String key) {
            asked.add("ReadOne " + namespace + " " + key);
            return new Variant<>(new UInt32(scheme));
        }

        @Override
        public Variant<?> Read(String namespace, String key) {
            asked.add("Read " + namespace + " " + key);
            return new Variant<>(new Variant<>(new UInt32(scheme)), "v");
        }

        @Override
        public String getObjectPath() {
            return OBJECT_PATH;
        }
    }

    @Test
    void aVersion2PortalIsAskedWithReadOneAndItsSignalIsHeard() throws Exception {
        session = DesktopSession.start(tmp);
        connect();
        try (DBusConnection portalSide = DBusConnectionBuilder.forAddress(session.busAddress()).withShared(false).build()) {
            Version2Portal fake = new Version2Portal();
            portalSide.exportObject(PortalSettings.OBJECT_PATH, fake);
            portalSide.requestBusName(PortalSettings.BUS_NAME);

            portal = PortalColorScheme.start(bus, heard::add);
            assertTrue(portal.answered().get(10, TimeUnit.SECONDS));
            assertEquals(List.of("ReadOne org.freedesktop.appearance color-scheme"), fake.asked);
            assertEquals(List.of(SchemePreference.DARK), heard);

            portalSide.sendMessage(new PortalSettings.SettingChanged(PortalSettings.OBJECT_PATH, "org.gnome.desktop.interface",
                    "gtk-theme", new Variant<>("Adwaita")));
            portalSide.sendMessage(new PortalSettings.SettingChanged(PortalSettings.OBJECT_PATH, PortalSettings.APPEARANCE,
                    PortalSettings.COLOR_SCHEME, new Variant<>(new UInt32(2))));
            assertTrue(heardLast(SchemePreference.LIGHT), "the change arrived: " + heard);
            assertEquals(List.of(SchemePreference.DARK, SchemePreference.LIGHT), heard, "other settings' changes are not colour schemes");
        } catch (DBusExecutionException e) {
            throw new AssertionError(e);
        }
    }
}
