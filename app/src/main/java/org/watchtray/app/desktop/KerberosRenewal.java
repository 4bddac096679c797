package org.watchtray.app.desktop;

import java.util.Optional;
import org.watchtray.core.event.Text;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.kerberos.Krb5;
import org.watchtray.core.kerberos.Krb5Exception;
import org.watchtray.core.kerberos.RenewResult;
import org.watchtray.core.settings.Settings;

/**
 * The toast's "Renew" button: libkrb5's renewal (as {@code kinit -R} does) for the ticket's
 * principal, reading the same cache collections as the Kerberos source. Where libkrb5 cannot
 * be used there is no Renew button at all, and a renewal asked for anyway says why.
 */
final class KerberosRenewal implements DesktopApp.Renewal {
    private final Krb5 krb5;

    /** @param krb5 libkrb5 for the session's environment ({@code NativeAccess.kerberos}) */
    KerberosRenewal(Krb5 krb5) {
        this.krb5 = krb5;
    }

    @Override
    public boolean available() {
        return unavailable().isEmpty();
    }

    @Override
    public Optional<String> renew(CredentialEvent ticket, Settings settings) {
        Optional<String> why = unavailable();
        if (why.isPresent()) {
            return why;
        }
        try {
            RenewResult result = krb5.renew(ticket.principal(), settings.kerberos().extraCollections());
            return result.succeeded() ? Optional.empty() : Optional.of(why(result));
        } catch (Krb5Exception e) {
            // The failure event says whose ticket; its reason is libkrb5's own words.
            return Optional.of(Text.visible(e.getMessage()));
        }
    }

    /** Why a renewal did not happen, without the ticket's name (the failure event carries that). */
    private static String why(RenewResult r) {
        return switch (r) {
            case RenewResult.Renewed _ -> "";
            case RenewResult.Failed f -> f.reason();
            case RenewResult.NotRenewable n -> n.reason();
            case RenewResult.NoTicket n -> n.reason();
        };
    }

    /** Why renewal cannot work here, in the loader's own words ("libkrb5 is not available: dlopen for libkrb5.so.3: …"). */
    private Optional<String> unavailable() {
        try {
            krb5.check();
            return Optional.empty();
        } catch (Krb5Exception e) {
            return Optional.of("libkrb5 is not available: " + e.getMessage());
        }
    }
}
