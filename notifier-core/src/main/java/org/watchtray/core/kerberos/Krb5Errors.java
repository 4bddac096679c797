package org.watchtray.core.kerberos;

import java.util.Map;
import org.watchtray.core.os.Errno;

/**
 * The krb5_error_code values watchtray reacts to by name (com_err table "krb5", base
 * -1765328384; position in src/lib/krb5/error_tables/krb5_err.et; wire-formats.md §6.4).
 * Small positive codes are errno values, which libkrb5 passes through.
 */
public final class Krb5Errors {
    private static final int BASE = -1765328384;

    public static final int KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN = BASE + 6;
    public static final int KRB5KDC_ERR_NEVER_VALID = BASE + 11;
    public static final int KRB5KDC_ERR_POLICY = BASE + 12;
    public static final int KRB5KDC_ERR_BADOPTION = BASE + 13;
    public static final int KRB5KRB_AP_ERR_TKT_EXPIRED = BASE + 32;
    public static final int KRB5KRB_AP_ERR_SKEW = BASE + 37;
    public static final int KRB5_CONFIG_CANTOPEN = BASE + 135;
    public static final int KRB5_CONFIG_BADFORMAT = BASE + 136;
    public static final int KRB5_CC_BADNAME = BASE + 139;
    public static final int KRB5_CC_UNKNOWN_TYPE = BASE + 140;
    public static final int KRB5_CC_NOTFOUND = BASE + 141;
    public static final int KRB5_CC_END = BASE + 142;
    public static final int KRB5_REALM_UNKNOWN = BASE + 154;
    public static final int KRB5_KDC_UNREACH = BASE + 156;
    public static final int KRB5_CC_IO = BASE + 193;
    public static final int KRB5_FCC_NOFILE = BASE + 195;
    public static final int KRB5_CC_FORMAT = BASE + 199;
    public static final int KRB5_CC_NOSUPP = BASE + 247;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN, "KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN"),
            Map.entry(KRB5KDC_ERR_NEVER_VALID, "KRB5KDC_ERR_NEVER_VALID"),
            Map.entry(KRB5KDC_ERR_POLICY, "KRB5KDC_ERR_POLICY"),
            Map.entry(KRB5KDC_ERR_BADOPTION, "KRB5KDC_ERR_BADOPTION"),
            Map.entry(KRB5KRB_AP_ERR_TKT_EXPIRED, "KRB5KRB_AP_ERR_TKT_EXPIRED"),
            Map.entry(KRB5KRB_AP_ERR_SKEW, "KRB5KRB_AP_ERR_SKEW"),
            Map.entry(KRB5_CONFIG_CANTOPEN, "KRB5_CONFIG_CANTOPEN"),
            Map.entry(KRB5_CONFIG_BADFORMAT, "KRB5_CONFIG_BADFORMAT"),
            Map.entry(KRB5_CC_BADNAME, "KRB5_CC_BADNAME"),
            Map.entry(KRB5_CC_UNKNOWN_TYPE, "KRB5_CC_UNKNOWN_TYPE"),
            Map.entry(KRB5_CC_NOTFOUND, "KRB5_CC_NOTFOUND"),
            Map.entry(KRB5_CC_END, "KRB5_CC_END"),
            Map.entry(KRB5_REALM_UNKNOWN, "KRB5_REALM_UNKNOWN"),
            Map.entry(KRB5_KDC_UNREACH, "KRB5_KDC_UNREACH"),
            Map.entry(KRB5_CC_IO, "KRB5_CC_IO"),
            Map.entry(KRB5_FCC_NOFILE, "KRB5_FCC_NOFILE"),
            Map.entry(KRB5_CC_FORMAT, "KRB5_CC_FORMAT"),
            Map.entry(KRB5_CC_NOSUPP, "KRB5_CC_NOSUPP"));

    private Krb5Errors() {
    }

    /** The symbolic name: a krb5 table name, an errno name for small positive codes, else "error N". */
    public static String name(int code) {
        String known = NAMES.get(code);
        if (known != null) {
            return known;
        }
        if (code > 0 && code < 4096) {
            return Errno.nameOf(code);
        }
        return "error " + code;
    }

    /** True when the code means "there is no cache / nothing in it", which is a normal state, not a fault. */
    public static boolean meansNoCache(int code) {
        return code == KRB5_FCC_NOFILE || code == KRB5_CC_NOTFOUND || code == KRB5_CC_END || code == Errno.ENOENT.code();
    }
}
