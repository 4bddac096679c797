package org.watchtray.app.desktop.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.desktop.dbus.Notifications;
import org.watchtray.app.testing.DesktopSession;
import org.watchtray.app.testing.Events;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Settings;

/** What happens when the desktop has no notification server, or one without buttons or markup. */
class ToastFallbackTest {
    @TempDir
    Path tmp;
    DesktopSession session;
    DBusConnection bus;
    DBusConnection serverBus;
    ToastCenter center;

    /** Stands in for the in-app toaster, which has its own FX test. */
    static final class RecordingToaster implements Toaster {
        final List<Toast> shown = new CopyOnWriteArrayList<>();

        @Override
        public void listen(Listener listener) {
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(true, false);
        }

        @Override
        public long show(Toast toast, long replaces) {
            shown.add(toast);
            return shown.size();
        }

        @Override
        public void close(long id) {
        }

        @Override
        public String describe() {
            return "recording";
        }
    }

    static final ToastCenter.Actions NO_ACTIONS = new ToastCenter.Actions() {
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

    @AfterEach
    void stop() throws IOException {
        if (center != null) {
            center.close();
        }
        for (DBusConnection c : new DBusConnection[] {bus, serverBus}) {
            if (c != null) {
                c.close();
            }
        }
        if (session != null) {
            session.close();
        }
    }

    private ToastCenter center(Toaster... toasters) {
        return ToastCenter.start(new ToastPolicy(Settings.defaults(), ToastPolicy.Limits.DEFAULT, ZoneOffset.UTC),
                List.of(toasters), NO_ACTIONS, Clock.systemUTC());
    }

    private void publish(Event e) throws Exception {
        center.accept(List.of(e));
        center.idle().get(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutAServerTheInAppToasterShowsItAndAServerThatAppearsLaterIsUsed() throws Exception {
        session = DesktopSession.start(tmp);
        bus = DBusConnectionBuilder.forAddress(session.busAddress()).withShared(false).build();
        DbusToaster dbus = new DbusToaster(bus, "watchtray", "org.watchtray.Watchtray");
        assertFalse(dbus.available(), "nothing owns org.freedesktop.Notifications on this bus");
        RecordingToaster inApp = new RecordingToaster();
        center = center(dbus, inApp);

        publish(Events.remountedReadOnly("/home", Events.T0));
        assertEquals(1, inApp.shown.size());
        assertEquals("Filesystem is now read-only", inApp.shown.getFirst().title());

        session.withX().withDunst(true);
        publish(Events.poolOutOfSpace("pool0", Events.T0));
        assertTrue(DesktopSession.eventually(Duration.ofSeconds(5), () -> {
            try {
                return session.dunstSeen().size() == 1;
            } catch (IOException e) {
                return false;
            }
        }), "the server that started later got the next toast");
        assertEquals(1, inApp.shown.size());
    }

    /** A server that, like some minimal ones, offers neither buttons nor markup. */
    public static final class PlainServer implements Notifications {
        final List<Object[]> calls = new CopyOnWriteArrayList<>();

        @Override
        public UInt32 Notify(String appName, UInt32 replacesId, String appIcon, String summary, String body,
                             List<String> actions, Map<String, Variant<?>> hints, int expireTimeout) {
            calls.add(new Object[] {summary, body, actions, hints, expireTimeout});
            return new UInt32(calls.size());
        }

        @Override
        public void CloseNotification(UInt32 id) {
        }

        @Override
        public List<String> GetCapabilities() {
            return List.of("body");
        }

        @Override
        public String getObjectPath() {
            return OBJECT_PATH;
        }
    }

    @Test
    void aServerWithoutActionsGetsNoButtonsAndWithoutMarkupAPlainBody() throws Exception {
        session = DesktopSession.start(tmp);
        serverBus = DBusConnectionBuilder.forAddress(session.busAddress()).withShared(false).build();
        PlainServer server = new PlainServer();
        serverBus.exportObject(Notifications.OBJECT_PATH, server);
        serverBus.requestBusName(Notifications.BUS_NAME);
        bus = DBusConnectionBuilder.forAddress(session.busAddress()).withShared(false).build();
        DbusToaster dbus = new DbusToaster(bus, "watchtray", "org.watchtray.Watchtray");
        assertEquals(new Toaster.Capabilities(false, false), dbus.capabilities());
        center = center(dbus, new RecordingToaster());

        publish(Events.remountedReadOnly("/media/<b>&x", Events.T0));
        Object[] call = server.calls.getFirst();
        assertEquals("Filesystem is now read-only", call[0]);
        assertEquals("\u201c/media/<b>&x\u201d (ext4 /dev/sdb1) was remounted read-only", call[1]);
        assertEquals(List.of(), call[2], "no dead buttons");
        @SuppressWarnings("unchecked")
        Map<String, Variant<?>> hints = (Map<String, Variant<?>>) call[3];
        assertEquals((byte) 2, hints.get("urgency").getValue());
        assertEquals("y", hints.get("urgency").getSig());
        assertEquals(0, call[4], "a critical toast does not expire by itself");
    }
}
