package org.watchtray.nativeaccess.kerberos;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * MIT krb5 struct layouts on x86-64 (krb5.hin, checked with gcc; wire-formats.md §6.4),
 * declared once; sizes and offsets are asserted in Krb5StructsTest.
 */
public final class Krb5Structs {
    private Krb5Structs() {
    }

    /** <pre>typedef struct _krb5_data { krb5_magic magic; unsigned int length; char *data; } krb5_data;  // 16 bytes</pre> */
    public static final StructLayout KRB5_DATA = MemoryLayout.structLayout(
            JAVA_INT.withName("magic"), JAVA_INT.withName("length"), ADDRESS.withName("data"));
    public static final long KRB5_DATA_LENGTH = KRB5_DATA.byteOffset(groupElement("length"));
    public static final long KRB5_DATA_DATA = KRB5_DATA.byteOffset(groupElement("data"));

    /**
     * <pre>typedef struct krb5_principal_data {
     *     krb5_magic magic; krb5_data realm; krb5_data *data; krb5_int32 length; krb5_int32 type;
     * } krb5_principal_data;  // 40 bytes; data is the array of {@code length} components</pre>
     */
    public static final StructLayout KRB5_PRINCIPAL_DATA = MemoryLayout.structLayout(
            JAVA_INT.withName("magic"), MemoryLayout.paddingLayout(4),
            KRB5_DATA.withName("realm"), ADDRESS.withName("data"),
            JAVA_INT.withName("length"), JAVA_INT.withName("type"));
    public static final long PRINCIPAL_REALM = KRB5_PRINCIPAL_DATA.byteOffset(groupElement("realm"));
    public static final long PRINCIPAL_DATA = KRB5_PRINCIPAL_DATA.byteOffset(groupElement("data"));
    public static final long PRINCIPAL_LENGTH = KRB5_PRINCIPAL_DATA.byteOffset(groupElement("length"));

    /** <pre>typedef struct _krb5_keyblock { krb5_magic magic; krb5_enctype enctype; unsigned int length; krb5_octet *contents; } krb5_keyblock;  // 24 bytes</pre> */
    public static final StructLayout KRB5_KEYBLOCK = MemoryLayout.structLayout(
            JAVA_INT.withName("magic"), JAVA_INT.withName("enctype"), JAVA_INT.withName("length"),
            MemoryLayout.paddingLayout(4), ADDRESS.withName("contents"));

    /** <pre>typedef struct _krb5_ticket_times { krb5_timestamp authtime, starttime, endtime, renew_till; } krb5_ticket_times;  // 16 bytes</pre> */
    public static final StructLayout KRB5_TICKET_TIMES = MemoryLayout.structLayout(
            JAVA_INT.withName("authtime"), JAVA_INT.withName("starttime"),
            JAVA_INT.withName("endtime"), JAVA_INT.withName("renew_till"));

    /**
     * <pre>typedef struct _krb5_creds {
     *     krb5_magic magic; krb5_principal client; krb5_principal server; krb5_keyblock keyblock;
     *     krb5_ticket_times times; krb5_boolean is_skey; krb5_flags ticket_flags;
     *     krb5_address **addresses; krb5_data ticket; krb5_data second_ticket; krb5_authdata **authdata;
     * } krb5_creds;  // 120 bytes; krb5_free_cred_contents frees the contents, not the struct</pre>
     */
    public static final StructLayout KRB5_CREDS = MemoryLayout.structLayout(
            JAVA_INT.withName("magic"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("client"), ADDRESS.withName("server"),
            KRB5_KEYBLOCK.withName("keyblock"), KRB5_TICKET_TIMES.withName("times"),
            JAVA_INT.withName("is_skey"), JAVA_INT.withName("ticket_flags"),
            ADDRESS.withName("addresses"), KRB5_DATA.withName("ticket"), KRB5_DATA.withName("second_ticket"),
            ADDRESS.withName("authdata"));
    public static final long CREDS_CLIENT = KRB5_CREDS.byteOffset(groupElement("client"));
    public static final long CREDS_SERVER = KRB5_CREDS.byteOffset(groupElement("server"));
    public static final long CREDS_AUTHTIME = KRB5_CREDS.byteOffset(groupElement("times"), groupElement("authtime"));
    public static final long CREDS_STARTTIME = KRB5_CREDS.byteOffset(groupElement("times"), groupElement("starttime"));
    public static final long CREDS_ENDTIME = KRB5_CREDS.byteOffset(groupElement("times"), groupElement("endtime"));
    public static final long CREDS_RENEW_TILL = KRB5_CREDS.byteOffset(groupElement("times"), groupElement("renew_till"));
    public static final long CREDS_TICKET_FLAGS = KRB5_CREDS.byteOffset(groupElement("ticket_flags"));
    public static final long CREDS_TICKET = KRB5_CREDS.byteOffset(groupElement("ticket"));
}
