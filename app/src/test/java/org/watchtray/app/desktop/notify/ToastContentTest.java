package org.watchtray.app.desktop.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.watchtray.app.testing.Events.T0;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;

/** What an expiry toast says: the time really left, and "about" when only a window is known. */
class ToastContentTest {
    private static final Messages M = Messages.english(java.time.ZoneOffset.UTC);
    private static final ToastContent CONTENT = new ToastContent(new EventText(M));

    private static CredentialEvent ticketWarning(Duration lead, Duration left) {
        return new CredentialEvent(T0, CredentialEvent.Change.EXPIRES_SOON, "alice@EXAMPLE.ORG", "FILE:/tmp/cc",
                T0.plus(left), T0.plus(Duration.ofDays(1)), true, lead, null);
    }

    /** Each default lead time, said when its threshold passes (a deadline is a few seconds late under load). */
    @ParameterizedTest
    @CsvSource({
            "PT1H,  PT59M57S, Kerberos ticket expires in 1 h",
            "PT15M, PT14M58S, Kerberos ticket expires in 15 min",
            "PT5M,  PT4M59S,  Kerberos ticket expires in 5 min",
            // A ticket shorter than every lead: the warning comes at once and says what is left, not "5 min".
            "PT5M,  PT3M,     Kerberos ticket expires in 3 min",
            "PT5M,  PT40S,    Kerberos ticket expires in 40 s",
            // Thresholds passed while suspended: the most urgent lead is said, with the real time left.
            "PT1H,  PT22M,    Kerberos ticket expires in 22 min",
            "PT1H,  PT1H20M,  Kerberos ticket expires in 1 h 20 min",
    })
    void aTicketWarningSaysTheTimeLeftNotTheLeadTime(Duration lead, Duration left, String title) {
        Toast t = CONTENT.of(ticketWarning(lead, left));
        assertEquals(title, t.title());
        assertEquals("Kerberos ticket for alice@EXAMPLE.ORG expires at " + M.time(T0.plus(left)), t.body());
    }

    @Test
    void theLastWarningIsCritical() {
        assertEquals(Urgency.CRITICAL, CONTENT.of(ticketWarning(Duration.ofMinutes(5), Duration.ofMinutes(3))).urgency());
        assertEquals(Urgency.NORMAL, CONTENT.of(ticketWarning(Duration.ofMinutes(15), Duration.ofMinutes(15))).urgency());
    }

    private static KeyEvent keyWarning(Instant expiry, Instant latest) {
        return new KeyEvent(T0, KeyEvent.Change.EXPIRES_SOON, 42, "user", "api-token", 0, expiry, KeyEvent.Origin.DEADLINE,
                null, false, latest);
    }

    @Test
    void aKeyWhoseTimeoutProcKeysShowsOnlyInMinutesExpiresInAboutSoMuchAndBetweenTwoTimes() {
        // /proc/keys said "1m": the key expires 60 to 119 s after the read (it was a 90 s timeout).
        Toast t = CONTENT.of(keyWarning(T0.plusSeconds(60), T0.plusSeconds(119)));
        assertEquals("Key expires in about 2 min", t.title());
        assertEquals("User \u201capi-token\u201d (42) expires soon, between " + M.time(T0.plusSeconds(60)) + " and "
                + M.time(T0.plusSeconds(119)), t.body());
    }

    @ParameterizedTest
    @CsvSource({
            "60,     119,    Key expires in about 2 min",
            "120,    179,    Key expires in about 3 min",
            "3600,   7199,   Key expires in about 2 h",
            "172800, 259199, Key expires in about 3 days",
    })
    void coarseWindowsAreSaidAsAbout(long earliest, long latest, String title) {
        assertEquals(title, CONTENT.of(keyWarning(T0.plusSeconds(earliest), T0.plusSeconds(latest))).title());
    }

    @Test
    void aKeyExpiryKnownToTheSecondIsSaidExactly() {
        Toast t = CONTENT.of(keyWarning(T0.plusSeconds(45), null));
        assertEquals("Key expires in 45 s", t.title());
        assertEquals("User \u201capi-token\u201d (42) expires soon at " + M.time(T0.plusSeconds(45)), t.body());
        assertEquals(Severity.WARNING, keyWarning(T0.plusSeconds(45), null).severity());
    }
}
