package org.watchtray.app.desktop.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.DesktopSession;
import org.watchtray.app.testing.Events;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Settings;

/**
 * The hints desktops group toasts by, as a real notification server keeps them: one toast per
 * kind of alert through dunst on a private session, then {@code dunstctl history}'s JSON must
 * carry the category chosen for it, and dunst must have seen the {@code desktop-entry} hint
 * for every toast (dunst 1.9 keeps the desktop entry out of its history, but hands it to
 * scripts as {@code DUNST_DESKTOP_ENTRY}).
 */
class ToastHintsTest {
    /** The categories of the Desktop Notifications Specification 1.2; anything else must be "x-vendor.…". */
    private static final Set<String> SPEC = Set.of("call", "call.ended", "call.incoming", "call.unanswered", "device",
            "device.added", "device.error", "device.removed", "email", "email.arrived", "email.bounced", "im", "im.error",
            "im.received", "network", "network.connected", "network.disconnected", "network.error", "presence",
            "presence.offline", "presence.online", "transfer", "transfer.complete", "transfer.error");

    @TempDir
    Path tmp;
    DesktopSession session;
    DBusConnection bus;
    ToastCenter center;

    @AfterEach
    void stop() throws IOException {
        if (center != null) {
            center.close();
        }
        if (bus != null) {
            bus.close();
        }
        if (session != null) {
            session.close();
        }
    }

    @Test
    void everyKindOfToastCarriesItsCategoryAndTheDesktopEntry() throws Exception {
        session = DesktopSession.start(tmp).withX().withDunst(false);
        bus = DBusConnectionBuilder.forAddress(session.busAddress()).withShared(false).build();
        DbusToaster toaster = new DbusToaster(bus, "watchtray", "org.watchtray.Watchtray");
        ToastCenter.Actions nothing = new ToastCenter.Actions() {
            @Override
            public void showInTimeline(Event event) {
            }

            @Override
            public void renew(CredentialEvent ticket) {
            }

            @Override
            public void mute(SourceId source) {
            }
        };
        // Limits wide enough that no toast of this test is held back as a burst.
        center = ToastCenter.start(new ToastPolicy(Settings.defaults(), new ToastPolicy.Limits(10, 20, Duration.ofMinutes(1)),
                ZoneOffset.UTC), List.of(toaster), nothing, Clock.systemUTC());

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Key expires in 5 min", "x-watchtray.keys.expires_soon");
        expected.put("Kerberos ticket expires in 15 min", "x-watchtray.kerberos.expires_soon");
        expected.put("Filesystem is now read-only", "device.error");
        expected.put("Network mount lost", "network.disconnected");
        expected.put("Thin pool 85% full", "device");
        expected.put("Thin pool is out of space", "device.error");
        expected.put("USB device problem", "device.error");
        expected.put("watchtray settings", "x-watchtray.meta");

        center.accept(List.of(
                new KeyEvent(Events.T0, KeyEvent.Change.EXPIRES_SOON, 1234, "user", "token", 0, Events.T0.plusSeconds(300),
                        KeyEvent.Origin.DEADLINE, null, false),
                Events.ticketExpiresSoon("alice@EXAMPLE.ORG", Duration.ofMinutes(15), Events.T0),
                Events.remountedReadOnly("/srv/data", Events.T0),
                new MountEvent(Events.T0, MountEvent.Change.NETWORK_MOUNT_LOST, 77, "/mnt/nfs", null, "nfs4", "server:/export",
                        "rw", "rw", null),
                Events.poolAt("253:4", 85, 85.3, Events.T0),
                Events.poolOutOfSpace("253:9", Events.T0),
                Events.usbError("1-1.4", Events.T0)));
        center.notice("watchtray settings", "settings.json is not valid JSON", Urgency.NORMAL);
        center.idle().get(10, TimeUnit.SECONDS);
        assertTrue(DesktopSession.eventually(Duration.ofSeconds(10), () -> {
            try {
                return session.dunstSeen().size() == expected.size();
            } catch (IOException e) {
                return false;
            }
        }), "dunst showed every toast");

        for (Map<String, String> seen : session.dunstSeen()) {
            assertEquals("org.watchtray.Watchtray", seen.get("DUNST_DESKTOP_ENTRY"), seen.toString());
        }

        // Closed toasts move into dunst's history, which is what `dunstctl history` prints.
        session.run(List.of("dunstctl", "close-all"));
        Map<String, String> categories = new LinkedHashMap<>();
        assertTrue(DesktopSession.eventually(Duration.ofSeconds(10), () -> {
            try {
                JsonNode history = new ObjectMapper().readTree(session.run(List.of("dunstctl", "history")));
                categories.clear();
                for (JsonNode n : history.get("data").get(0)) {
                    categories.put(n.get("summary").get("data").asText(), n.get("category").get("data").asText());
                }
                return categories.size() == expected.size();
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }), "every toast is in dunst's history: " + categories);
        assertEquals(expected, categories);
        for (String category : categories.values()) {
            assertTrue(SPEC.contains(category) || category.startsWith("x-watchtray."),
                    category + " is a category of the spec or watchtray's own x-vendor one");
        }
    }
}
