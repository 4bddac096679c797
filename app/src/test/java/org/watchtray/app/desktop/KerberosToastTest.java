package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.watchtray.app.testing.Await.eventually;
import static org.watchtray.app.testing.Await.quietly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.testing.AppProcess;
import org.watchtray.app.testing.Await;
import org.watchtray.app.testing.DesktopSession;
import org.watchtray.core.event.Text;
import org.watchtray.nativeaccess.lab.TestKdc;

/**
 * Renew from a real toast, end to end: a 3-minute ticket from a real KDC, the app with the real
 * Kerberos source, dunst showing the warning, the user pressing Renew in dunst's menu. The
 * ticket must really be renewed in the cache, the warning must turn into a "renewed until …"
 * confirmation in place, and the warning must not come back.
 */
@Tag("xvfb")
class KerberosToastTest {
    @RegisterExtension
    static final TestKdc KDC = new TestKdc();

    @TempDir
    Path tmp;

    @BeforeAll
    static void principal() throws Exception {
        KDC.addPrincipal("alice", "alice-pw", "3 min", "1 hour");
    }

    @AfterEach
    void keepLogs(TestInfo test) throws IOException {
        Await.keepLogs(tmp, test);
    }


    private static String quietToasts(DesktopSession s) {
        try {
            return s.dunstSeen().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<Map<String, String>> toasts(DesktopSession s, String summaryPrefix) throws IOException {
        return s.dunstSeen().stream().filter(t -> t.getOrDefault("DUNST_SUMMARY", "").startsWith(summaryPrefix)).toList();
    }

    @Test
    void renewFromTheToastRenewsTheTicketConfirmsItAndDoesNotWarnAgain() throws Exception {
        String cc = "FILE:" + tmp.resolve("krb5cc");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "3m", "-r", "1h");
        TestKdc.KlistTimes before = KDC.klistTgt(cc);

        Map<String, String> env = new HashMap<>(Map.of("XDG_CONFIG_HOME", tmp.resolve("config").toString(),
                "XDG_STATE_HOME", tmp.resolve("state").toString(), "XDG_CONFIG_DIRS", tmp.resolve("etc-xdg").toString(),
                "SCRIPTED_KERBEROS", "real"));
        env.putAll(KDC.environment(cc).variables());
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher();
             AppProcess app = AppProcess.start(s, env, "app")) {
            assertTrue(app.next(60).startsWith("ready StatusNotifierItem"));

            // Every lead time (1 h, 15 min, 5 min) has passed for a 3-minute ticket: one critical toast with the time left.
            eventually("the expiry warning", quietly(() -> toasts(s, "Kerberos ticket expires").size() == 1));
            Map<String, String> warning = toasts(s, "Kerberos ticket expires").getFirst();
            assertTrue(warning.get("DUNST_SUMMARY").matches("Kerberos ticket expires in [123] min"), warning.get("DUNST_SUMMARY"));
            assertEquals("CRITICAL", warning.get("DUNST_URGENCY"));

            s.pressInDunstMenu("[" + warning.get("DUNST_ID") + ",renew]");

            assertTrue(DesktopSession.eventually(Await.LIMIT, quietly(() -> KDC.klistTgt(cc).expires().isAfter(before.expires()))),
                    () -> "the ticket is renewed in the cache; toasts: " + quietToasts(s));
            TestKdc.KlistTimes after = KDC.klistTgt(cc);
            eventually("the warning turns into a confirmation", quietly(() -> toasts(s, "Kerberos ticket renewed").size() == 1));
            Map<String, String> confirmation = toasts(s, "Kerberos ticket renewed").getFirst();
            assertEquals(warning.get("DUNST_ID"), confirmation.get("DUNST_ID"), "in place of the warning");
            assertEquals("Kerberos ticket for alice@" + TestKdc.REALM + " renewed until "
                            + org.watchtray.app.text.Messages.forEnvironment(java.time.ZoneId.systemDefault()).time(after.expires()),
                    confirmation.get("DUNST_BODY"));
            assertEquals("LOW", confirmation.get("DUNST_URGENCY"));

            // Barrier: a later toast. Had the renewal re-raised the warning, it would be shown before this one.
            app.ask("mount-ro /srv/barrier");
            eventually("the barrier toast", quietly(() -> toasts(s, "Filesystem is now read-only").size() == 1));
            List<String> order = s.dunstSeen().stream().map(t -> t.get("DUNST_SUMMARY")).toList();
            assertEquals(List.of(warning.get("DUNST_SUMMARY"), "Kerberos ticket renewed", "Filesystem is now read-only"), order,
                    "no repeated warning");
        }
    }
}
