package org.watchtray.app.desktop.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.watchtray.app.testing.Events.T0;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.app.desktop.notify.ToastPolicy.Decision;
import org.watchtray.app.desktop.notify.ToastPolicy.Reason;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.app.testing.Events;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.SourceStatus;

class ToastPolicyTest {
    private final ToastPolicy policy = new ToastPolicy(Settings.defaults(), ToastPolicy.Limits.DEFAULT, ZoneOffset.UTC);

    private static Toast shown(Decision d) {
        return assertInstanceOf(Decision.Show.class, d).toast();
    }

    private static Reason held(Decision d) {
        return assertInstanceOf(Decision.Hold.class, d).reason();
    }

    @Test
    void aReadOnlyRemountIsACriticalDeviceErrorWithTheUsualActions() {
        Toast t = shown(policy.decide(Events.remountedReadOnly("/home", T0), T0));
        assertEquals("Filesystem is now read-only", t.title());
        assertEquals("\u201c/home\u201d (ext4 /dev/sdb1) was remounted read-only", t.body());
        assertEquals(Urgency.CRITICAL, t.urgency());
        assertEquals("device.error", t.category());
        assertEquals(List.of(ToastAction.SHOW, ToastAction.SNOOZE, ToastAction.MUTE), List.copyOf(t.actions().keySet()));
        assertEquals("Mute mount", t.actions().get(ToastAction.MUTE));
    }

    @Test
    void criticalForAnOutOfSpacePoolAndAnExpiredTicketRenewOnlyWhileRenewable() {
        assertEquals(Urgency.CRITICAL, shown(policy.decide(Events.poolOutOfSpace("pool0", T0), T0)).urgency());
        Toast expired = shown(policy.decide(Events.ticketExpired("alice@EXAMPLE.ORG", T0), T0));
        assertEquals(Urgency.CRITICAL, expired.urgency());
        assertEquals("x-watchtray.kerberos.expired", expired.category());
        assertFalse(expired.actions().containsKey(ToastAction.RENEW), "an expired ticket cannot be renewed");

        Toast soon = shown(policy.decide(Events.ticketExpiresSoon("bob@EXAMPLE.ORG", Duration.ofMinutes(15), T0), T0));
        assertEquals("Kerberos ticket expires in 15 min", soon.title());
        assertEquals(Urgency.NORMAL, soon.urgency());
        assertEquals(List.of(ToastAction.SHOW, ToastAction.RENEW, ToastAction.SNOOZE, ToastAction.MUTE), List.copyOf(soon.actions().keySet()));
    }

    @Test
    void oneToastPerObjectIsReplacedAsItChangesAndWithdrawnWhenResolved() {
        Decision first = policy.decide(Events.poolAt("pool0", 85, 85.2, T0), T0);
        assertFalse(assertInstanceOf(Decision.Show.class, first).replaces());
        assertEquals("Thin pool 85% full", shown(first).title());

        Decision second = policy.decide(Events.poolAt("pool0", 90, 90.4, T0.plusSeconds(60)), T0.plusSeconds(60));
        assertTrue(assertInstanceOf(Decision.Show.class, second).replaces());
        assertEquals("Thin pool 90% full", shown(second).title());
        assertEquals(ToastKey.of(Events.poolAt("pool0", 0, 0, T0)), shown(second).key());

        Decision resolved = policy.decide(Events.poolResolved("pool0", T0.plusSeconds(120)), T0.plusSeconds(120));
        assertEquals(new Decision.Withdraw(shown(first).key()), resolved);
        assertFalse(policy.isOpen(shown(first).key()));
        // With nothing open, a resolution is an ordinary INFO event: below the default minimum.
        assertEquals(Reason.BELOW_MIN_SEVERITY, held(policy.decide(Events.poolResolved("pool0", T0.plusSeconds(130)), T0.plusSeconds(130))));
    }

    @Test
    void aRenewedTicketsWarningIsReplacedByAConfirmationAndAWritableFilesystemsWithdrawn() {
        Toast warning = shown(policy.decide(Events.ticketExpiresSoon("alice@EXAMPLE.ORG", Duration.ofMinutes(15), T0), T0));
        shown(policy.decide(Events.remountedReadOnly("/data", T0), T0));

        Decision renewed = policy.decide(Events.ticketRenewed("alice@EXAMPLE.ORG", T0), T0);
        assertTrue(assertInstanceOf(Decision.Show.class, renewed).replaces(), "in place of the warning");
        Toast confirmation = shown(renewed);
        assertEquals(warning.key(), confirmation.key());
        assertEquals("Kerberos ticket renewed", confirmation.title());
        assertEquals("Kerberos ticket for alice@EXAMPLE.ORG renewed until " + org.watchtray.core.event.Text.time(T0.plus(Duration.ofHours(10))),
                confirmation.body());
        assertEquals(Urgency.LOW, confirmation.urgency());
        assertEquals(List.of(ToastAction.SHOW), List.copyOf(confirmation.actions().keySet()), "nothing left to act on");

        assertInstanceOf(Decision.Withdraw.class, policy.decide(Events.remountedReadWrite("/data", T0), T0));
        // With no warning open, a renewal (say, the automatic one) is not toasted at all.
        assertEquals(Reason.BELOW_MIN_SEVERITY, held(policy.decide(Events.ticketRenewed("bob@EXAMPLE.ORG", T0), T0)));
    }

    @Test
    void aTicketWarningTheHistoryAlreadyHoldsIsNotGivenAgain() {
        Instant end = T0.minusSeconds(3600);
        CredentialEvent expiredYesterday = new CredentialEvent(T0.minus(Duration.ofDays(1)), CredentialEvent.Change.EXPIRED,
                "alice@EXAMPLE.ORG", "KCM:1000", end, null, false, null, null);
        policy.alreadySaid(List.of(expiredYesterday, Events.remountedReadOnly("/data", T0.minusSeconds(60))));

        // The source re-derives "expired" for the same ticket at this start.
        CredentialEvent again = new CredentialEvent(T0, CredentialEvent.Change.EXPIRED, "alice@EXAMPLE.ORG", "KCM:1000", end,
                null, false, null, null);
        assertEquals(Reason.ALREADY_SAID, held(policy.decide(again, T0)));
        // Another ticket (a later end time) is news, once.
        CredentialEvent newTicket = new CredentialEvent(T0, CredentialEvent.Change.EXPIRED, "alice@EXAMPLE.ORG", "KCM:1000",
                T0.minusSeconds(5), null, false, null, null);
        shown(policy.decide(newTicket, T0));
        policy.closed(ToastKey.of(newTicket));
        assertEquals(Reason.ALREADY_SAID, held(policy.decide(newTicket, T0.plusSeconds(1))));
        // Only expiry warnings: a filesystem going read-only again is news.
        shown(policy.decide(Events.remountedReadOnly("/data", T0), T0));
    }

    @Test
    void aClosedToastIsNotReplacedButOpenedAnew() {
        Toast t = shown(policy.decide(Events.poolAt("pool0", 85, 85, T0), T0));
        policy.closed(t.key());
        assertFalse(assertInstanceOf(Decision.Show.class, policy.decide(Events.poolAt("pool0", 90, 90, T0), T0)).replaces());
    }

    @Test
    void minimumSeverityAndThePerSourceSwitchHoldToastsBack() {
        assertEquals(Reason.BELOW_MIN_SEVERITY, held(policy.decide(Events.usbAdded("1-1", T0), T0)));
        policy.settings(SettingsBuilder.from(Settings.defaults()).toasts(SourceId.MOUNTS, false)
                .minToastSeverity(Severity.INFO).build());
        assertEquals(Reason.SOURCE_TOASTS_OFF, held(policy.decide(Events.remountedReadOnly("/home", T0), T0)));
        shown(policy.decide(Events.usbAdded("1-1", T0), T0));
    }

    @Test
    void aSnoozedObjectStaysQuietUntilItGetsWorseOrTheSnoozeEnds() {
        Event warn = Events.poolAt("pool0", 85, 85, T0);
        Toast t = shown(policy.decide(warn, T0));
        policy.closed(t.key());
        policy.snooze(t.key(), Severity.WARNING, T0.plus(Duration.ofHours(1)));
        assertEquals(Reason.SNOOZED, held(policy.decide(Events.poolAt("pool0", 90, 90, T0.plusSeconds(600)), T0.plusSeconds(600))));
        assertEquals(Urgency.NORMAL, shown(policy.decide(Events.poolAt("pool0", 90, 90, T0), T0.plus(Duration.ofMinutes(61)))).urgency(),
                "the snooze ended");

        policy.snooze(t.key(), Severity.WARNING, T0.plus(Duration.ofHours(3)));
        assertEquals(Urgency.CRITICAL, shown(policy.decide(Events.poolOutOfSpace("pool0", T0), T0.plus(Duration.ofHours(2)))).urgency(),
                "out of space is worse than what was snoozed");
        assertEquals(ToastKey.of(warn), ToastKey.of(Events.poolOutOfSpace("pool0", T0)));
    }

    @Test
    void doNotDisturbAndQuietHoursHoldAllButCritical() {
        policy.doNotDisturbUntil(T0.plus(Duration.ofHours(1)));
        assertEquals(Reason.DO_NOT_DISTURB, held(policy.decide(Events.poolAt("pool0", 85, 85, T0), T0)));
        shown(policy.decide(Events.remountedReadOnly("/home", T0), T0));
        shown(policy.decide(Events.poolAt("pool0", 85, 85, T0), T0.plus(Duration.ofHours(1))));

        ToastPolicy night = new ToastPolicy(SettingsBuilder.from(Settings.defaults())
                .quietHours(new Settings.QuietHours(true, LocalTime.of(22, 0), LocalTime.of(7, 0))).build(),
                ToastPolicy.Limits.DEFAULT, ZoneOffset.ofHours(2));
        Instant lateEvening = Instant.parse("2025-06-02T21:30:00Z");   // 23:30 at +02:00
        assertEquals(Reason.QUIET_HOURS, held(night.decide(Events.usbError("1-1", lateEvening), lateEvening)));
        shown(night.decide(Events.poolOutOfSpace("pool0", lateEvening), lateEvening));
        Instant morning = Instant.parse("2025-06-02T05:00:00Z");       // 07:00 at +02:00
        shown(night.decide(Events.usbError("1-1", morning), morning));
    }

    @Test
    void newToastsAreRateLimitedPerSourceAndTheRestCountedInOneOverflowToast() {
        for (int i = 0; i < 3; i++) {
            shown(policy.decide(Events.usbError("1-" + i, T0), T0.plusSeconds(i)));
        }
        Decision fourth = policy.decide(Events.usbError("1-3", T0), T0.plusSeconds(3));
        Toast overflow = shown(fourth);
        assertFalse(assertInstanceOf(Decision.Show.class, fourth).replaces());
        assertEquals("1 more USB alert", overflow.title());
        assertTrue(overflow.key().overflow());
        Decision fifth = policy.decide(Events.usbError("1-4", T0), T0.plusSeconds(4));
        assertTrue(assertInstanceOf(Decision.Show.class, fifth).replaces(), "the overflow toast is updated, not repeated");
        assertEquals("2 more USB alerts", shown(fifth).title());

        shown(policy.decide(Events.remountedReadOnly("/home", T0), T0.plusSeconds(5)));
        assertFalse(shown(policy.decide(Events.usbError("1-5", T0), T0.plusSeconds(61))).key().overflow(),
                "the window slid past the first toasts");
    }

    @Test
    void theOverallLimitHoldsAcrossSources() {
        String[] mounts = {"/a", "/b", "/c"};
        for (int i = 0; i < 3; i++) {
            shown(policy.decide(Events.usbError("1-" + i, T0), T0));
            shown(policy.decide(Events.remountedReadOnly(mounts[i], T0), T0));
        }
        assertTrue(shown(policy.decide(Events.poolAt("p", 85, 85, T0), T0)).key().overflow());
        assertTrue(shown(policy.decide(Events.loss(T0), T0)).key().overflow());
    }

    @Test
    void aSourcesStatusStaysInTheTimeline() {
        SourceStatusEvent agentMissing = new SourceStatusEvent(T0, SourceStatus.unavailable(SourceId.THINPOOL,
                "the watchtray agent is not installed"));
        assertEquals(Severity.WARNING, agentMissing.severity());
        assertEquals(Reason.SOURCE_STATUS, held(policy.decide(agentMissing, T0)));
    }

    @Test
    void aHistoryThatCannotBeWrittenIsToastedAndItsRecoveryTakesTheToastAway() {
        SourceStatusEvent failing = new SourceStatusEvent(T0, SourceStatus.unavailable(SourceId.HISTORY,
                "writing 3 event(s) to /home/u/.local/state/watchtray/history.db: database or disk is full; new events are shown but not kept"));
        Toast t = shown(policy.decide(failing, T0));
        assertEquals("The history is not being saved", t.title());
        assertEquals(failing.status().reason(), t.body());
        Decision back = policy.decide(new SourceStatusEvent(T0.plusSeconds(60), SourceStatus.active(SourceId.HISTORY,
                "SQLite (WAL) at /home/u/.local/state/watchtray/history.db")), T0.plusSeconds(60));
        assertEquals(new Decision.Withdraw(t.key()), back);
    }

    @Test
    void watchtraysOwnEventsCannotBeMutedFromAToast() {
        Toast t = shown(policy.decide(Events.loss(T0), T0));
        assertEquals(List.of(ToastAction.SHOW), List.copyOf(t.actions().keySet()));
        assertEquals(Urgency.NORMAL, t.urgency());
    }
}
