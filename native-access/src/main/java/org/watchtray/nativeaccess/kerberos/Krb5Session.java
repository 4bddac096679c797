package org.watchtray.nativeaccess.kerberos;

import org.watchtray.core.kerberos.Krb5Exception;
import java.lang.foreign.MemorySegment;
import java.util.Optional;
import org.watchtray.core.settings.Environment;

/**
 * One krb5_context configured from an injected {@link Environment}, never from the process
 * environment that libkrb5 would otherwise read:
 * <ul>
 * <li>KRB5_CONFIG in the environment: the context is built from that profile
 *     ({@code profile_init_path} + {@code krb5_init_context_profile}); otherwise
 *     {@code krb5_init_secure_context}, which uses the built-in path and ignores the process's
 *     KRB5_CONFIG.</li>
 * <li>KRB5CCNAME in the environment: set on the context with {@code krb5_cc_set_default_name};
 *     otherwise libkrb5 resolves the default itself (krb5.conf's default_ccache_name, then the
 *     built-in default). It would read the process's KRB5CCNAME first, so an environment that
 *     lacks it while the process has it is refused rather than silently mixed.</li>
 * </ul>
 * Confined to the thread that opened it (MIT's one-context-per-thread rule).
 */
public final class Krb5Session implements AutoCloseable {
    public static final String KRB5_CONFIG = "KRB5_CONFIG";
    public static final String KRB5CCNAME = "KRB5CCNAME";

    private final Krb5Functions krb5;
    private final MemorySegment context;
    private final String defaultName;
    private boolean closed;

    private Krb5Session(Krb5Functions krb5, MemorySegment context, String defaultName) {
        this.krb5 = krb5;
        this.context = context;
        this.defaultName = defaultName;
    }

    public static Krb5Session open(Krb5Functions krb5, Environment environment) throws Krb5Exception {
        return open(krb5, environment, System.getenv(KRB5CCNAME));
    }

    /** {@code processCcname} is what libkrb5 would read from the process environment (injectable for tests). */
    static Krb5Session open(Krb5Functions krb5, Environment environment, String processCcname) throws Krb5Exception {
        Optional<String> ccname = environment.get(KRB5CCNAME);
        if (ccname.isEmpty() && processCcname != null && !processCcname.isEmpty()) {
            throw new IllegalStateException("the injected environment has no " + KRB5CCNAME + " but the process has "
                    + KRB5CCNAME + "=" + processCcname + ", which libkrb5 would read: pass it explicitly");
        }
        MemorySegment context = newContext(krb5, environment.get(KRB5_CONFIG));
        try {
            if (ccname.isPresent()) {
                krb5.krb5_cc_set_default_name(context, ccname.get());
            }
            String name = krb5.krb5_cc_default_name(context);
            return new Krb5Session(krb5, context, name == null ? "" : name);
        } catch (Krb5Exception | RuntimeException e) {
            krb5.krb5_free_context(context);
            throw e;
        }
    }

    private static MemorySegment newContext(Krb5Functions krb5, Optional<String> config) throws Krb5Exception {
        if (config.isEmpty()) {
            return krb5.krb5_init_secure_context();
        }
        MemorySegment profile = krb5.profile_init_path(config.get());
        try {
            return krb5.krb5_init_context_profile(profile, 0);
        } finally {
            krb5.profile_release(profile);
        }
    }

    public Krb5Functions krb5() {
        return krb5;
    }

    public MemorySegment context() {
        return context;
    }

    /** The default ccache name this session started with (what KRB5CCNAME or krb5.conf says). */
    public String defaultName() {
        return defaultName;
    }

    /** Makes {@code collectionName} the context's default, so the collection cursor walks that collection. */
    public void useDefaultName(String collectionName) throws Krb5Exception {
        krb5.krb5_cc_set_default_name(context, collectionName);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            krb5.krb5_free_context(context);
        }
    }
}
