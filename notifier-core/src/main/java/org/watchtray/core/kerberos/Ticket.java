package org.watchtray.core.kerberos;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.watchtray.core.event.Text;

/**
 * One principal's ticket-granting ticket in one credential cache, as libkrb5 reported it.
 *
 * @param principal  the cache's client principal, unparsed ("alice@EXAMPLE.ORG")
 * @param cache      the cache's full name ("FILE:/tmp/krb5cc_1000", "KEYRING:persistent:1000:krb_ccache_Xy")
 * @param cacheType  "FILE", "DIR", "KEYRING", "KCM", …
 * @param collection the collection name whose walk found the cache ("DIR:/run/user/1000/krb5cc")
 * @param renewUntil the renewable horizon, or null when the ticket carries none
 * @param flags      the ticket_flags bits (TKT_FLG_*, krb5.h)
 */
public record Ticket(String principal, String cache, String cacheType, String collection, Instant authTime, Instant startTime,
                     Instant endTime, Instant renewUntil, int flags) {

    /** {@code TKT_FLG_RENEWABLE} in {@code ticket_flags}. */
    public static final int TKT_FLG_RENEWABLE = 0x00800000;
    /** {@code TKT_FLG_INITIAL}: obtained from the AS exchange (kinit), not from a TGS request. */
    public static final int TKT_FLG_INITIAL = 0x00400000;
    /** {@code TKT_FLG_INVALID}: postdated and not yet validated. */
    public static final int TKT_FLG_INVALID = 0x01000000;

    /** A ticket is identified by where it lives and whose it is; its times are what changes. */
    public record Key(String cache, String principal) {
    }

    public Key key() {
        return new Key(cache, principal);
    }

    public boolean renewableFlag() {
        return (flags & TKT_FLG_RENEWABLE) != 0;
    }

    /** Whether asking the KDC to renew would give a later end time than the ticket has now. */
    public boolean renewable(Instant now) {
        return whyNotRenewable(now).isEmpty();
    }

    /** Why a renewal is not possible (or would gain nothing), in words for a toast or the CLI. */
    public Optional<String> whyNotRenewable(Instant now) {
        if (!renewableFlag() || renewUntil == null) {
            return Optional.of("the ticket was issued without the renewable flag");
        }
        if (!now.isBefore(endTime)) {
            return Optional.of("the ticket has already expired (a KDC does not renew expired tickets)");
        }
        if (!renewUntil.isAfter(now)) {
            return Optional.of("its renewable lifetime ended at " + Text.time(renewUntil));
        }
        if (!renewUntil.isAfter(endTime)) {
            return Optional.of("it is already valid until the end of its renewable lifetime (" + Text.time(renewUntil) + ")");
        }
        return Optional.empty();
    }

    public Duration lifetime() {
        return Duration.between(startTime, endTime);
    }

    /** Half-way through the ticket's life: when automatic renewal happens. */
    public Instant halfLife() {
        return startTime.plus(lifetime().dividedBy(2));
    }
}
