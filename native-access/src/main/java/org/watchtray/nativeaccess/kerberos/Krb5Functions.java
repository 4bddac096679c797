package org.watchtray.nativeaccess.kerberos;

import org.watchtray.core.kerberos.Krb5Exception;
import java.lang.foreign.MemorySegment;

/**
 * The MIT libkrb5 calls watchtray needs, mirroring their C signatures (krb5.hin). Pointers are
 * {@link MemorySegment}s; an out-parameter the C call fills becomes the return value, except
 * in/out cursors, which the caller allocates as in C. A non-zero {@code krb5_error_code} is a
 * {@link Krb5Exception} carrying krb5_get_error_message's text. A context is used by one
 * thread at a time (MIT's rule), so callers create one per thread or per operation.
 */
public interface Krb5Functions {

    /** krb5_init_secure_context: the built-in profile path only; KRB5_CONFIG in the process environment is ignored. */
    MemorySegment krb5_init_secure_context() throws Krb5Exception;

    /** profile_init_path: a profile from a colon-separated list of files (what KRB5_CONFIG holds). */
    MemorySegment profile_init_path(String pathList) throws Krb5Exception;

    void profile_release(MemorySegment profile);

    /** krb5_init_context_profile: a context over {@code profile} (copied; release yours afterwards). */
    MemorySegment krb5_init_context_profile(MemorySegment profile, int flags) throws Krb5Exception;

    void krb5_free_context(MemorySegment context);

    /** krb5_cc_default_name: the context's default ccache name, resolved once and then cached in the context. */
    String krb5_cc_default_name(MemorySegment context);

    void krb5_cc_set_default_name(MemorySegment context, String name) throws Krb5Exception;

    MemorySegment krb5_cc_default(MemorySegment context) throws Krb5Exception;

    MemorySegment krb5_cc_resolve(MemorySegment context, String name) throws Krb5Exception;

    void krb5_cc_close(MemorySegment context, MemorySegment cache);

    /** krb5_cc_get_type: "FILE", "DIR", "KEYRING", "KCM", "MEMORY". */
    String krb5_cc_get_type(MemorySegment context, MemorySegment cache);

    /** krb5_cc_get_name: the residual, without the type prefix. */
    String krb5_cc_get_name(MemorySegment context, MemorySegment cache);

    /** krb5_cc_get_full_name: "TYPE:residual" (freed with krb5_free_string inside). */
    String krb5_cc_get_full_name(MemorySegment context, MemorySegment cache) throws Krb5Exception;

    MemorySegment krb5_cc_get_principal(MemorySegment context, MemorySegment cache) throws Krb5Exception;

    /** krb5_unparse_name: "user@REALM" (freed with krb5_free_unparsed_name inside). */
    String krb5_unparse_name(MemorySegment context, MemorySegment principal) throws Krb5Exception;

    MemorySegment krb5_parse_name(MemorySegment context, String name) throws Krb5Exception;

    void krb5_free_principal(MemorySegment context, MemorySegment principal);

    boolean krb5_is_config_principal(MemorySegment context, MemorySegment principal);

    /** krb5_cc_start_seq_get: fills {@code cursor}, a caller-allocated {@code krb5_cc_cursor} cell. */
    void krb5_cc_start_seq_get(MemorySegment context, MemorySegment cache, MemorySegment cursor) throws Krb5Exception;

    /** krb5_cc_next_cred into a caller-allocated {@link Krb5Structs#KRB5_CREDS}; false at KRB5_CC_END. */
    boolean krb5_cc_next_cred(MemorySegment context, MemorySegment cache, MemorySegment cursor, MemorySegment creds) throws Krb5Exception;

    void krb5_cc_end_seq_get(MemorySegment context, MemorySegment cache, MemorySegment cursor) throws Krb5Exception;

    /** Frees what a krb5_creds points to, not the struct itself. */
    void krb5_free_cred_contents(MemorySegment context, MemorySegment creds);

    /** krb5_cccol_cursor_new: iterates every cache of every type in the context's default collection. */
    MemorySegment krb5_cccol_cursor_new(MemorySegment context) throws Krb5Exception;

    /** krb5_cccol_cursor_next: the next cache (close it), or {@link MemorySegment#NULL} at the end. */
    MemorySegment krb5_cccol_cursor_next(MemorySegment context, MemorySegment cursor) throws Krb5Exception;

    void krb5_cccol_cursor_free(MemorySegment context, MemorySegment cursor);

    /** krb5_get_renewed_creds: asks the KDC to renew the TGT in {@code cache} (service NULL); does not store. */
    void krb5_get_renewed_creds(MemorySegment context, MemorySegment creds, MemorySegment client, MemorySegment cache, String service) throws Krb5Exception;

    /** krb5_cc_new_unique(context, type, NULL hint). */
    MemorySegment krb5_cc_new_unique(MemorySegment context, String type) throws Krb5Exception;

    void krb5_cc_initialize(MemorySegment context, MemorySegment cache, MemorySegment principal) throws Krb5Exception;

    void krb5_cc_store_cred(MemorySegment context, MemorySegment cache, MemorySegment creds) throws Krb5Exception;

    /** krb5_cc_move: replaces {@code destination}'s contents with {@code source}'s (atomically where the type can) and destroys {@code source}. */
    void krb5_cc_move(MemorySegment context, MemorySegment source, MemorySegment destination) throws Krb5Exception;

    void krb5_cc_destroy(MemorySegment context, MemorySegment cache) throws Krb5Exception;

    /** krb5_get_error_message (released with krb5_free_error_message inside); context may be NULL. */
    String krb5_get_error_message(MemorySegment context, int code);
}
