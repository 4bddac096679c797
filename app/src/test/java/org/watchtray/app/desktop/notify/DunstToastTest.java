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
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.types.UInt32;
import org.watchtray.app.desktop.dbus.Notifications;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.DesktopSession;
import org.watchtray.app.testing.Events;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Settings;

/** Toasts through a real notification server: dunst on a private bus under Xvfb. */
class DunstToastTest {
    @TempDir
    Path tmp;
    DesktopSession session;
    DBusConnection bus;
    ToastCenter center;
    final List<String> done = new CopyOnWriteArrayList<>();

    private final ToastCenter.Actions actions = new ToastCenter.Actions() {
        @Override
        public void showInTimeline(Event event) {
            done.add("show " + (event == null ? "-" : event.name() + " " + event.subject()));
        }

        @Override
        public void renew(CredentialEvent ticket) {
            done.add("renew " + ticket.principal() + " " + ticket.cache());
        }

        @Override
        public void mute(SourceId source) {
            done.add("mute " + source.wireName());
        }
    };

    private void start(boolean markup) throws Exception {
        session = DesktopSession.start(tmp).withX().withDunst(markup);
        bus = DBusConnectionBuilder.forAddress(session.busAddress()).withShared(false).build();
        DbusToaster toaster = new DbusToaster(bus, "watchtray", "org.watchtray.Watchtray");
        assertTrue(toaster.available());
        center = ToastCenter.start(new ToastPolicy(Settings.defaults(), ToastPolicy.Limits.DEFAULT, ZoneOffset.UTC),
                List.of(toaster), actions, Clock.systemUTC());
    }

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

    private void publish(Event e) throws Exception {
        center.accept(List.of(e));
        center.idle().get(10, TimeUnit.SECONDS);
    }

    private List<Map<String, String>> seen(int atLeast) throws Exception {
        DesktopSession.eventually(Duration.ofSeconds(5), () -> {
            try {
                return session.dunstSeen().size() >= atLeast;
            } catch (IOException e) {
                return false;
            }
        });
        return session.dunstSeen();
    }

    private boolean displayedBecomes(int n) throws InterruptedException {
        return DesktopSession.eventually(Duration.ofSeconds(5), () -> {
            try {
                return session.dunstDisplayed() == n;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }

    @Test
    void aToastArrivesWithSummaryBodyUrgencyCategoryAndButtons() throws Exception {
        start(true);
        publish(Events.ticketExpiresSoon("alice@EXAMPLE.ORG", Duration.ofMinutes(5), Events.T0));
        Map<String, String> t = seen(1).getFirst();
        assertEquals("watchtray", t.get("DUNST_APP_NAME"));
        assertEquals("Kerberos ticket expires in 5 min", t.get("DUNST_SUMMARY"));
        assertTrue(t.get("DUNST_BODY").startsWith("Kerberos ticket for alice@EXAMPLE.ORG expires at "), t.get("DUNST_BODY"));
        assertEquals("CRITICAL", t.get("DUNST_URGENCY"), "the 5-minute warning is critical, sent as a byte hint");
        assertEquals("x-watchtray.kerberos.expires_soon", t.get("DUNST_CATEGORY"));
        assertEquals("org.watchtray.Watchtray", t.get("DUNST_DESKTOP_ENTRY"));

        String menu = session.pressInDunstMenu("[" + t.get("DUNST_ID") + ",renew]");
        assertTrue(menu.contains("#Show in timeline"), menu);
        assertTrue(menu.contains("#Renew"), menu);
        assertTrue(menu.contains("#Snooze 1 hour"), menu);
        assertTrue(menu.contains("#Mute Kerberos"), menu);
        assertTrue(DesktopSession.eventually(Duration.ofSeconds(5), () -> done.contains("renew alice@EXAMPLE.ORG KCM:1000")), done.toString());
    }

    @Test
    void anActionInvokedFromAnotherClientOfTheBusIsIgnored() throws Exception {
        start(true);
        publish(Events.ticketExpiresSoon("alice@EXAMPLE.ORG", Duration.ofMinutes(15), Events.T0));
        String id = seen(1).getFirst().get("DUNST_ID");

        // Any client can emit a signal named ActionInvoked on the session bus, as a shell's gdbus emit would.
        try (DBusConnection intruder = DBusConnectionBuilder.forAddress(session.busAddress()).withShared(false).build()) {
            intruder.sendMessage(new Notifications.ActionInvoked(Notifications.OBJECT_PATH, new UInt32(Long.parseLong(id)), "renew"));
            // A call answered by the bus after the signal: the bus has routed the signal by now.
            intruder.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class).GetId();
        }
        // Barrier: the real server's own signal for the same toast, sent after the intruder's (dbus-java handles signals on one thread, in order).
        session.pressInDunstMenu("[" + id + ",default]");
        assertTrue(DesktopSession.eventually(Duration.ofSeconds(5), () -> done.contains("show kerberos.expires_soon alice@EXAMPLE.ORG")),
                done.toString());
        center.idle().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("show kerberos.expires_soon alice@EXAMPLE.ORG"), done, "the intruder's Renew did nothing");
    }

    @Test
    void clickingTheToastOpensTheTimelineAtItsEventAndTakesTheToastAway() throws Exception {
        start(true);
        publish(Events.remountedReadOnly("/srv/data", Events.T0));
        assertEquals("CRITICAL", seen(1).getFirst().get("DUNST_URGENCY"));
        assertEquals("device.error", seen(1).getFirst().get("DUNST_CATEGORY"));
        session.run(List.of("dunstctl", "action", "0"));
        assertTrue(DesktopSession.eventually(Duration.ofSeconds(5), () -> done.contains("show mounts.remounted_ro /srv/data")), done.toString());
        center.idle().get(5, TimeUnit.SECONDS);
        assertTrue(displayedBecomes(0), "dunst keeps a toast after an action; watchtray closes it");
    }

    @Test
    void aPoolToastIsReplacedAsItFillsAndWithdrawnWhenItHasRoomAgain() throws Exception {
        start(true);
        publish(Events.poolAt("253:4", 85, 85.3, Events.T0));
        publish(Events.poolAt("253:4", 90, 90.1, Events.T0));
        List<Map<String, String>> s = seen(2);
        assertEquals("Thin pool 85% full", s.get(0).get("DUNST_SUMMARY"));
        assertEquals("Thin pool 90% full", s.get(1).get("DUNST_SUMMARY"));
        assertEquals(s.get(0).get("DUNST_ID"), s.get(1).get("DUNST_ID"), "replaced in place, same id");
        assertTrue(displayedBecomes(1));

        publish(Events.poolResolved("253:4", Events.T0));
        assertTrue(displayedBecomes(0), "the resolved pool's toast is withdrawn");
        String history = session.run(List.of("dunstctl", "history"));
        assertTrue(history.contains("Thin pool 90% full"), history);
    }

    @Test
    void aRestartedNotificationServerGetsTheNextToastsAndTheirWithdrawals() throws Exception {
        start(true);
        publish(Events.poolAt("253:4", 85, 85.3, Events.T0));
        assertEquals("Thin pool 85% full", seen(1).getFirst().get("DUNST_SUMMARY"));

        // The notification server crashes and comes back (a new dunst, its ids counting from 1 again).
        long old = dunstPid();
        session.run(List.of("kill", "-9", Long.toString(old)));
        assertTrue(DesktopSession.eventually(Duration.ofSeconds(10), () -> ProcessHandle.of(old).isEmpty()), "dunst is gone");
        session.withDunst(true);

        publish(Events.usbError("2-1", Events.T0));
        publish(Events.poolAt("253:4", 90, 90.1, Events.T0));
        List<Map<String, String>> s = seen(3);
        assertEquals("Thin pool 90% full", s.get(2).get("DUNST_SUMMARY"), s.toString());
        assertTrue(displayedBecomes(2), "the pool's toast did not take the place of the USB toast on the new server");

        publish(Events.poolResolved("253:4", Events.T0));
        assertTrue(displayedBecomes(1), "the resolved pool's toast is withdrawn from the new server");
        session.run(List.of("dunstctl", "close-all"));
        assertTrue(displayedBecomes(0));
        String history = session.run(List.of("dunstctl", "history"));
        // The USB toast is the one that stayed until close-all: it was closed last, so it leads dunst's history.
        assertTrue(history.indexOf("2-1") >= 0 && history.indexOf("2-1") < history.indexOf("Thin pool 90"), history);
    }

    /** The dunst this test's session started (found by its private config file, then addressed by its id). */
    private long dunstPid() throws Exception {
        String rc = session.dir().resolve("dunstrc").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains("dunst -config " + rc)).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElseThrow(() -> new AssertionError("no dunst for " + rc));
    }

    @Test
    void snoozeKeepsTheObjectQuietAndMuteTurnsTheSourceOff() throws Exception {
        start(true);
        publish(Events.usbError("1-1.4", Events.T0));
        String id = seen(1).getFirst().get("DUNST_ID");
        session.pressInDunstMenu("[" + id + ",snooze]");
        assertTrue(displayedBecomes(0), "snoozing takes the toast away");
        publish(Events.usbError("1-1.4", Events.T0));
        // Barrier: another port's error, published after, must be the next toast dunst sees.
        publish(Events.usbError("2-1", Events.T0));
        List<Map<String, String>> after = seen(2);
        assertEquals(2, after.size(), "the snoozed port stays quiet: " + after);
        assertTrue(after.get(1).get("DUNST_BODY").contains("2-1"), after.get(1).toString());
        String other = after.get(1).get("DUNST_ID");
        session.pressInDunstMenu("[" + other + ",mute]");
        assertTrue(DesktopSession.eventually(Duration.ofSeconds(5), () -> done.contains("mute usb")), done.toString());
        assertTrue(displayedBecomes(0), "muting takes the source's toasts away");
    }

    @Test
    void aHostileNameIsShownLiterallyWhenTheServerParsesMarkup() throws Exception {
        start(true);
        publish(Events.remountedReadOnly("/media/<b>&amp;x", Events.T0));
        Map<String, String> t = seen(1).getFirst();
        assertEquals("\u201c/media/&lt;b&gt;&amp;amp;x\u201d (ext4 /dev/sdb1) was remounted read-only", t.get("DUNST_BODY"),
                "escaped once, so the markup parser gives back the name as it is");
        session.screenshot(Path.of("target/screenshots/dunst-hostile-name.png"));
        String history = historyAfterClosingAll();
        assertTrue(history.contains("/media/&lt;b&gt;&amp;amp;x"), history);
        assertFalse(history.contains("<b>&amp;x"), "never bold");
    }

    @Test
    void withoutMarkupTheBodyIsSentAsIs() throws Exception {
        start(false);
        publish(Events.remountedReadOnly("/media/<b>&x", Events.T0));
        assertEquals("\u201c/media/<b>&x\u201d (ext4 /dev/sdb1) was remounted read-only", seen(1).getFirst().get("DUNST_BODY"));
    }

    private String historyAfterClosingAll() throws Exception {
        session.run(List.of("dunstctl", "close-all"));
        assertTrue(displayedBecomes(0), "close-all empties the screen before the history is read");
        return session.run(List.of("dunstctl", "history"));
    }
}
