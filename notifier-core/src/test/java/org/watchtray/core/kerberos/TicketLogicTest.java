package org.watchtray.core.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure parts of the Kerberos source: warning thresholds, renewability, the diff, KCM cadence, cache names, watch plans. */
class TicketLogicTest {
    private static final Instant END = Instant.parse("2026-03-01T12:00:00Z");
    private static final List<Duration> LEADS = List.of(Duration.ofMinutes(60), Duration.ofMinutes(15), Duration.ofMinutes(5));

    private static Ticket ticket(String cache, Instant auth, Instant end, Instant renewUntil, int flags) {
        return new Ticket("alice@EXAMPLE.ORG", cache, "FILE", "FILE:" + cache, auth, auth, end, renewUntil, flags);
    }

    private static WarningState.Warn warn(long minutes) {
        return new WarningState.Warn(Duration.ofMinutes(minutes));
    }

    // ---- WarningState ----

    @Test
    void eachThresholdIsSaidOnceInOrder() {
        WarningState w = new WarningState(END, LEADS);
        Instant start = END.minus(Duration.ofHours(8));
        assertEquals(Optional.empty(), w.next(start));
        assertEquals(List.of(END.minus(Duration.ofMinutes(60)), END.minus(Duration.ofMinutes(15)), END.minus(Duration.ofMinutes(5)), END),
                w.deadlinesAfter(start));
        assertEquals(Optional.of(warn(60)), w.next(END.minus(Duration.ofMinutes(60))));
        assertEquals(Optional.empty(), w.next(END.minus(Duration.ofMinutes(59))));
        assertEquals(Optional.of(warn(15)), w.next(END.minus(Duration.ofMinutes(15))));
        assertEquals(Optional.of(warn(5)), w.next(END.minus(Duration.ofMinutes(4))));
        assertEquals(Optional.empty(), w.next(END.minus(Duration.ofMinutes(1))));
        assertEquals(Optional.of(new WarningState.Expired()), w.next(END));
        assertEquals(Optional.empty(), w.next(END.plusSeconds(30)));
    }

    @Test
    void thresholdsPassedTogetherAreSaidOnceAsTheMostUrgent() {
        WarningState atStart = new WarningState(END, LEADS);
        Instant tenMinutesLeft = END.minus(Duration.ofMinutes(10));
        assertEquals(Optional.of(warn(15)), atStart.next(tenMinutesLeft));
        assertEquals(Optional.empty(), atStart.next(tenMinutesLeft));
        assertEquals(List.of(END.minus(Duration.ofMinutes(5)), END), atStart.deadlinesAfter(tenMinutesLeft));

        // After a suspend that slept through two thresholds and the end: only "expired".
        WarningState resumed = new WarningState(END, LEADS);
        assertEquals(Optional.of(warn(60)), resumed.next(END.minus(Duration.ofMinutes(50))));
        assertEquals(Optional.of(new WarningState.Expired()), resumed.next(END.plusSeconds(1)));
        assertEquals(Optional.empty(), resumed.next(END.minus(Duration.ofMinutes(3))), "a late earlier deadline says nothing more");
    }

    @Test
    void aRenewedTicketDoesNotRepeatTheThresholdsAlreadyPassedButKeepsTheLaterOnes() {
        // Renewed with 10 min left (its renewal limit is near): 60 and 15 min are past, 5 min and the end are not.
        WarningState renewed = new WarningState(END, LEADS);
        Instant renewedAt = END.minus(Duration.ofMinutes(10));
        renewed.saidUpTo(renewedAt);
        assertEquals(Optional.empty(), renewed.next(renewedAt), "no stale warning right after the renewal");
        assertEquals(Optional.of(warn(5)), renewed.next(END.minus(Duration.ofMinutes(5))));
        assertEquals(Optional.of(new WarningState.Expired()), renewed.next(END));

        // A 3-minute ticket renewed for another 3 minutes: every lead is past, only the expiry is owed.
        WarningState shortLived = new WarningState(END, LEADS);
        shortLived.saidUpTo(END.minus(Duration.ofMinutes(3)));
        assertEquals(Optional.empty(), shortLived.next(END.minus(Duration.ofMinutes(3))));
        assertEquals(Optional.empty(), shortLived.next(END.minus(Duration.ofMinutes(1))));
        assertEquals(Optional.of(new WarningState.Expired()), shortLived.next(END));
    }

    @Test
    void zeroOrNegativeLeadTimesAreIgnored() {
        WarningState w = new WarningState(END, List.of(Duration.ZERO, Duration.ofMinutes(-5), Duration.ofMinutes(1)));
        assertEquals(List.of(END.minus(Duration.ofMinutes(1)), END), w.deadlinesAfter(END.minus(Duration.ofHours(1))));
    }

    // ---- Ticket ----

    @Test
    void renewabilityNeedsTheFlagATimeLeftAndAHorizonBeyondTheEnd() {
        Instant now = END.minus(Duration.ofMinutes(30));
        Instant auth = END.minus(Duration.ofHours(10));
        int r = Ticket.TKT_FLG_RENEWABLE;
        assertEquals(Optional.empty(), ticket("c", auth, END, END.plus(Duration.ofDays(6)), r).whyNotRenewable(now));
        assertEquals(Optional.of("the ticket was issued without the renewable flag"), ticket("c", auth, END, null, 0).whyNotRenewable(now));
        assertEquals(Optional.of("the ticket was issued without the renewable flag"), ticket("c", auth, END, END.plus(Duration.ofDays(1)), 0).whyNotRenewable(now));
        assertTrue(ticket("c", auth, END, END.minus(Duration.ofHours(1)), r).whyNotRenewable(now).orElseThrow().startsWith("its renewable lifetime ended at "));
        assertTrue(ticket("c", auth, END, END, r).whyNotRenewable(now).orElseThrow().startsWith("it is already valid until the end of its renewable lifetime"));
        assertTrue(ticket("c", auth, END, END.plus(Duration.ofDays(1)), r).whyNotRenewable(END).orElseThrow().startsWith("the ticket has already expired"));
        assertEquals(END.minus(Duration.ofHours(5)), ticket("c", auth, END, null, 0).halfLife());
    }

    // ---- TicketDiff ----

    @Test
    void diffNamesAcquiredRenewedAndGone() {
        Instant auth = END.minus(Duration.ofHours(10));
        Ticket a = ticket("/a", auth, END, null, 0);
        Ticket b = ticket("/b", auth, END, null, 0);
        Ticket aRenewed = ticket("/a", auth, END.plus(Duration.ofHours(10)), null, 0);
        Ticket bFresh = ticket("/b", auth.plusSeconds(60), END.plusSeconds(60), null, 0);
        Ticket c = ticket("/c", auth, END, null, 0);
        Map<Ticket.Key, Ticket> before = Map.of(a.key(), a, b.key(), b, c.key(), c);
        Inventory now = new Inventory("", List.of(new CollectionScan("FILE:/a", List.of(aRenewed), Map.of(), Optional.empty()),
                new CollectionScan("FILE:/b", List.of(bFresh), Map.of(), Optional.empty()),
                new CollectionScan("FILE:/c", List.of(), Map.of(), Optional.empty())));

        TicketDiff.Result r = TicketDiff.between(before, now);

        assertEquals(Set.of(new TicketDiff.Renewed(a, aRenewed), new TicketDiff.Acquired(bFresh), new TicketDiff.Gone(c)), Set.copyOf(r.changes()));
        assertEquals(Set.of(aRenewed, bFresh), Set.copyOf(r.current().values()));
    }

    @Test
    void aTicketInACacheThatCouldNotBeReadIsNotGone() {
        Instant auth = END.minus(Duration.ofHours(10));
        Ticket a = ticket("/a", auth, END, null, 0);
        Ticket b = ticket("/b", auth, END, null, 0);
        Inventory unreadable = new Inventory("", List.of(new CollectionScan("FILE:/a", List.of(), Map.of("/a", "KRB5_CC_FORMAT"), Optional.empty()),
                new CollectionScan("FILE:/b", List.of(), Map.of(), Optional.of("KCM daemon did not answer"))));

        TicketDiff.Result r = TicketDiff.between(Map.of(a.key(), a, b.key(), b), unreadable);

        assertEquals(List.of(), r.changes());
        assertEquals(Set.of(a, b), Set.copyOf(r.current().values()));
    }

    // ---- KcmCadence ----

    @Test
    void kcmReReadsFasterAsTheSoonestExpiryApproaches() {
        Instant now = END.minus(Duration.ofHours(8));
        assertEquals(KcmCadence.LONGEST, KcmCadence.interval(now, List.of()), "no tickets: the long bound");
        assertEquals(KcmCadence.LONGEST, KcmCadence.interval(now, List.of(END.minus(Duration.ofHours(9)))), "only expired tickets");
        assertEquals(KcmCadence.LONGEST, KcmCadence.interval(now, List.of(END)), "8 h left: capped at 10 min");
        assertEquals(Duration.ofMinutes(5), KcmCadence.interval(END.minus(Duration.ofMinutes(40)), List.of(END, END.plus(Duration.ofHours(5)))));
        assertEquals(KcmCadence.SHORTEST, KcmCadence.interval(END.minus(Duration.ofMinutes(2)), List.of(END)), "never faster than 30 s");
    }

    // ---- CacheLocation ----

    @Test
    void cacheNamesAreParsedByType() {
        assertEquals(new CacheLocation.FileCache(Path.of("/tmp/krb5cc_1000")), CacheLocation.parse("FILE:/tmp/krb5cc_1000"));
        assertEquals(new CacheLocation.FileCache(Path.of("/tmp/krb5cc_1000")), CacheLocation.parse("/tmp/krb5cc_1000"));
        assertEquals(new CacheLocation.FileCache(Path.of("/tmp/odd:name")), CacheLocation.parse("/tmp/odd:name"));
        assertEquals(new CacheLocation.DirCollection(Path.of("/run/user/1000/krb5cc")), CacheLocation.parse("DIR:/run/user/1000/krb5cc"));
        assertEquals(new CacheLocation.DirSubsidiary(Path.of("/run/user/1000/krb5cc/tktAbc")), CacheLocation.parse("DIR::/run/user/1000/krb5cc/tktAbc"));
        assertEquals(new CacheLocation.Keyring("persistent:1000"), CacheLocation.parse("KEYRING:persistent:1000"));
        assertEquals(new CacheLocation.Kcm(""), CacheLocation.parse("KCM:"));
        assertEquals(new CacheLocation.Other("MEMORY", "x"), CacheLocation.parse("MEMORY:x"));
    }
}
