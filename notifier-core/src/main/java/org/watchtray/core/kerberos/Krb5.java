package org.watchtray.core.kerberos;

import java.util.List;
import java.util.Objects;

/**
 * libkrb5 as watchtray uses it, for one environment (its KRB5_CONFIG and KRB5CCNAME, never the
 * process's): read every ticket-granting ticket of the default collection and of extra ones,
 * and renew one the way {@code kinit -R} does. Cache files are never parsed by watchtray.
 * native-access implements it over MIT libkrb5 ({@code NativeAccess.kerberos}); where the
 * library cannot be loaded it hands out {@link #unavailable} with the loader's reason, so every
 * caller can say why.
 */
public interface Krb5 {

    /** Throws, with the reason, when libkrb5 cannot be used here at all (not installed, a symbol missing). */
    void check() throws Krb5Exception;

    /**
     * Reads every TGT. Caches that cannot be read are listed in the inventory; only a library
     * or context that cannot be had at all (libkrb5 missing, krb5.conf unparsable, KRB5CCNAME
     * set for the process but not in the environment) throws.
     *
     * @param extraCollections collections to read besides the default one ("KEYRING:persistent:1000",
     *                         "KCM:"), because a collection cursor only walks the default name's collection
     */
    Inventory read(List<String> extraCollections) throws Krb5Exception;

    /**
     * Renews the ticket of {@code principalOrNull} (as typed: "alice" gets the default realm),
     * or of the default cache when null, and stores it back. What the KDC or the caches said is
     * in the result; only what {@link #read} would throw for is thrown.
     */
    RenewResult renew(String principalOrNull, List<String> extraCollections) throws Krb5Exception;

    /** Renews exactly this ticket in its cache (automatic renewal). Blocks while the KDC answers. */
    RenewResult renew(Ticket ticket) throws Krb5Exception;

    /** What hands out when libkrb5 cannot be used: every call throws {@code why}. */
    static Krb5 unavailable(Krb5Exception why) {
        Objects.requireNonNull(why);
        return new Krb5() {
            @Override
            public void check() throws Krb5Exception {
                throw why;
            }

            @Override
            public Inventory read(List<String> extraCollections) throws Krb5Exception {
                throw why;
            }

            @Override
            public RenewResult renew(String principalOrNull, List<String> extraCollections) throws Krb5Exception {
                throw why;
            }

            @Override
            public RenewResult renew(Ticket ticket) throws Krb5Exception {
                throw why;
            }

            @Override
            public String toString() {
                return "libkrb5 unavailable: " + why.getMessage();
            }
        };
    }
}
