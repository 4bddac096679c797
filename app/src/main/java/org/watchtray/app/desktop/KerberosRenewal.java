package org.watchtray.app.desktop;

import java.time.Clock;
import java.util.Optional;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.nativeaccess.kerberos.Krb5;
import org.watchtray.nativeaccess.kerberos.Krb5Exception;
import org.watchtray.nativeaccess.kerberos.LibKrb5;
import org.watchtray.nativeaccess.kerberos.RenewResult;
import org.watchtray.nativeaccess.kerberos.TicketReader;
import org.watchtray.nativeaccess.kerberos.TicketRenewer;

/**
 * The toast's "Renew" button: {@link TicketRenewer} (libkrb5, as {@code kinit -R} does) for the
 * ticket's principal, reading the same cache collections as the Kerberos source. libkrb5 is
 * loaded on first use; without it there is no Renew button at all.
 */
final class KerberosRenewal implements DesktopApp.Renewal {
    private final Environment environment;
    private final Clock clock;
    private Krb5 krb5;
    private Boolean available;

    KerberosRenewal(Environment environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public synchronized boolean available() {
        if (available == null) {
            try {
                krb5 = LibKrb5.load();
                available = true;
            } catch (Krb5Exception e) {
                available = false;
            }
        }
        return available;
    }

    @Override
    public Optional<String> renew(CredentialEvent ticket, Settings settings) {
        if (!available()) {
            return Optional.of("libkrb5 is not installed");
        }
        TicketReader reader = new TicketReader(krb5, environment, settings.kerberos().extraCollections());
        RenewResult result = new TicketRenewer(reader, clock).renew(ticket.principal());
        return result.succeeded() ? Optional.empty() : Optional.of(result.message());
    }
}
