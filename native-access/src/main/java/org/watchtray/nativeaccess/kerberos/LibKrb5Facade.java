package org.watchtray.nativeaccess.kerberos;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.watchtray.core.kerberos.Inventory;
import org.watchtray.core.kerberos.Krb5;
import org.watchtray.core.kerberos.Krb5Exception;
import org.watchtray.core.kerberos.RenewResult;
import org.watchtray.core.kerberos.Ticket;
import org.watchtray.core.os.Errno;
import org.watchtray.core.settings.Environment;

/**
 * The core {@link Krb5} facade over the loaded library: {@link TicketReader} and
 * {@link TicketRenewer} for one environment. Every call opens its own context, so the facade
 * may be used from any thread. Reached through {@code NativeAccess.kerberos}.
 */
public final class LibKrb5Facade implements Krb5 {
    private final Krb5Functions library;
    private final Environment environment;
    private final Clock clock;

    public LibKrb5Facade(Krb5Functions library, Environment environment, Clock clock) {
        this.library = Objects.requireNonNull(library);
        this.environment = Objects.requireNonNull(environment);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public void check() {
        // Loaded: nothing more can fail before a context is made.
    }

    @Override
    public Inventory read(List<String> extraCollections) throws Krb5Exception {
        try {
            return new TicketReader(library, environment, extraCollections).read();
        } catch (IllegalStateException conflict) {
            throw environmentConflict(conflict);
        }
    }

    @Override
    public RenewResult renew(String principalOrNull, List<String> extraCollections) throws Krb5Exception {
        try {
            return new TicketRenewer(new TicketReader(library, environment, extraCollections), clock).renew(principalOrNull);
        } catch (IllegalStateException conflict) {
            throw environmentConflict(conflict);
        }
    }

    @Override
    public RenewResult renew(Ticket ticket) throws Krb5Exception {
        try {
            return new TicketRenewer(new TicketReader(library, environment, List.of()), clock).renewTicket(ticket);
        } catch (IllegalStateException conflict) {
            throw environmentConflict(conflict);
        }
    }

    /** Krb5Session refuses a process KRB5CCNAME the environment lacks (libkrb5 would read it): said like a library error. */
    private static Krb5Exception environmentConflict(IllegalStateException e) {
        return new Krb5Exception("krb5_init_context", "", Errno.EINVAL.code(), e.getMessage());
    }
}
