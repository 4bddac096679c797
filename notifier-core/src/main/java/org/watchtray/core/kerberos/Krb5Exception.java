package org.watchtray.core.kerberos;


/**
 * A libkrb5 call that returned a non-zero {@code krb5_error_code}, with the call, what it was
 * about and the library's own message ({@code krb5_get_error_message}):
 * "krb5_get_renewed_creds for alice@EXAMPLE.ORG in FILE:/tmp/krb5cc_1000: KRB5KRB_AP_ERR_TKT_EXPIRED, Ticket expired".
 */
public final class Krb5Exception extends java.io.IOException {
    private final String call;
    private final int code;
    private final String libraryMessage;

    public Krb5Exception(String call, String context, int code, String libraryMessage) {
        super(call + (context == null || context.isEmpty() ? "" : " for " + context) + ": "
                + Krb5Errors.name(code) + ", " + libraryMessage);
        this.call = call;
        this.code = code;
        this.libraryMessage = libraryMessage;
    }

    public String call() {
        return call;
    }

    /** The krb5_error_code (a com_err code, or an errno value for system errors). */
    public int code() {
        return code;
    }

    /** "KRB5_FCC_NOFILE" etc., or "error -1765328…" for a code we do not name. */
    public String codeName() {
        return Krb5Errors.name(code);
    }

    /** What krb5_get_error_message said, without our prefix: what a user should read. */
    public String libraryMessage() {
        return libraryMessage;
    }
}
