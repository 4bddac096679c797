package org.watchtray.core.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.Keyctl;
import org.watchtray.core.keys.NotificationQueue;
import org.watchtray.core.os.Libc;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.source.ManualContext;
import org.watchtray.core.source.SourceStatus;

/**
 * The Kerberos source on an injected clock, with KCM caches (the one kind that needs no kernel
 * interface): when it re-reads, when it warns, and that a renewal made elsewhere is seen at the
 * next read and replaces the old ticket's deadlines. libkrb5's answers are scripted as the
 * inventories TicketReaderTest reads from a real KDC. The real-KDC, real-sssd-kcm run is
 * KerberosSourceTest in native-access.
 */
class KerberosSourceTimingTest {
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant AUTH = START.minus(Duration.ofHours(9));
    private static final Instant END = START.plus(Duration.ofMinutes(40));
    private static final String CACHE = "KCM:1000:41c3a9";

    /** libkrb5 as the tests script it: each read returns the inventory of the moment. */
    private static final class ScriptedKrb5 implements Krb5 {
        Inventory now;
        int reads;

        @Override
        public void check() {
        }

        @Override
        public Inventory read(List<String> extraCollections) {
            reads++;
            return now;
        }

        @Override
        public RenewResult renew(String principalOrNull, List<String> extraCollections) {
            throw new AssertionError("not renewing here");
        }

        @Override
        public RenewResult renew(Ticket ticket) {
            throw new AssertionError("automatic renewal is off");
        }
    }

    /** No kernel interface is asked for KCM caches: any call fails the test. */
    @SuppressWarnings("unchecked")
    private static <T> T none(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new AssertionError("KCM caches need no " + type.getSimpleName() + "." + method.getName());
        });
    }

    private static Inventory kcm(Instant end) {
        Ticket t = new Ticket("alice@EXAMPLE.ORG", CACHE, "KCM", "KCM:", AUTH, AUTH, end, END.plus(Duration.ofDays(1)),
                Ticket.TKT_FLG_RENEWABLE | Ticket.TKT_FLG_INITIAL);
        return new Inventory(CACHE, List.of(new CollectionScan("KCM:", List.of(t), Map.of(), Optional.empty())));
    }

    private final ManualContext context = new ManualContext(START);
    private final ScriptedKrb5 krb5 = new ScriptedKrb5();

    private KerberosSource source() {
        Settings d = Settings.defaults();
        Settings s = SettingsBuilder.from(d)
                .kerberos(new Settings.Kerberos(List.of(Duration.ofMinutes(15), Duration.ofMinutes(5)), false)).build();
        return new KerberosSource(krb5, none(Libc.class), none(Keyctl.class), none(NotificationQueue.Opener.class), s);
    }

    private List<String> said() {
        return context.events().stream().filter(e -> e instanceof CredentialEvent).map(e -> {
            CredentialEvent c = (CredentialEvent) e;
            return c.time() + " " + c.change().wireName() + (c.lead() == null ? "" : " " + c.lead().toMinutes()) + " end " + c.endTime();
        }).toList();
    }

    @Test
    void kcmIsReadOnATimerThatQuickensAsTheEndNears() {
        krb5.now = kcm(END);
        SourceStatus status = source().start(context);

        assertEquals("kerberos: libkrb5 reading KCM:; KCM caches re-read on a timer derived from ticket end times "
                + "(every 30 s to 10 min; KCM has no change signal); deadlines on timerfd", status.describe());
        // 40 min left: a read every 40/8 = 5 min; deadlines at the two leads and at the end.
        assertEquals(List.of(START.plus(Duration.ofMinutes(5)), END.minus(Duration.ofMinutes(15)), END.minus(Duration.ofMinutes(5)), END),
                context.pending());

        context.advanceTo(START.plus(Duration.ofMinutes(5)));
        assertEquals(2, krb5.reads);
        // 35 min left: the next read in 35/8 min.
        assertEquals(START.plus(Duration.ofMinutes(5)).plus(Duration.ofMinutes(35).dividedBy(8)), context.pending().getFirst());
        assertEquals(List.of(), said());
    }

    @Test
    void warningsComeAtTheirInstantsAndARenewalElsewhereIsSeenAtTheNextRead() {
        krb5.now = kcm(END);
        source().start(context);

        context.advanceTo(END.minus(Duration.ofMinutes(15)));
        assertEquals(List.of(END.minus(Duration.ofMinutes(15)) + " expires_soon 15 end " + END), said());

        // Renewed by kinit -R in a terminal two minutes later: nothing tells the source.
        Instant renewedAt = END.minus(Duration.ofMinutes(13));
        Instant newEnd = renewedAt.plus(Duration.ofHours(10));
        context.advanceTo(renewedAt);
        krb5.now = kcm(newEnd);
        assertEquals(1, said().size(), "not seen before a read");
        // The next timer read (15 min left at the warning's own read: 15/8 min later) sees it.
        Instant nextRead = context.pending().getFirst();
        assertTrue(nextRead.isAfter(renewedAt) && nextRead.isBefore(END.minus(Duration.ofMinutes(5))), nextRead.toString());
        context.advanceTo(END.plus(Duration.ofMinutes(1)));
        assertEquals(List.of(END.minus(Duration.ofMinutes(15)) + " expires_soon 15 end " + END, nextRead + " renewed end " + newEnd),
                said(), "renewed, and the old ticket's 5-minute warning and expiry are withdrawn");
    }

    @Test
    void aDeadlineReadsFirstSoARenewalJustBeforeItWins() {
        krb5.now = kcm(END);
        source().start(context);
        Instant warning = END.minus(Duration.ofMinutes(15));
        // Renewed after the last timer read before the warning, so only the deadline's own read can see it.
        Instant lastTimerRead = context.pending().getFirst();
        while (lastTimerRead.isBefore(warning)) {
            context.advanceTo(lastTimerRead);
            lastTimerRead = context.pending().getFirst();
        }
        Instant newEnd = warning.plus(Duration.ofHours(10));
        krb5.now = kcm(newEnd);
        context.advanceTo(warning);
        assertEquals(List.of(warning + " renewed end " + newEnd), said());
        List<Event> none = context.events().stream().filter(e -> e instanceof CredentialEvent c && c.endTime().equals(END)).toList();
        assertEquals(List.of(), none);
    }
}
