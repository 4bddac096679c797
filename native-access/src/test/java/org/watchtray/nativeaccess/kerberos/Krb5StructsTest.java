package org.watchtray.nativeaccess.kerberos;

import org.watchtray.core.kerberos.Krb5Errors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The krb5 layouts have the sizes and offsets gcc gives krb5.hin on x86-64 (wire-formats.md §6.4). */
class Krb5StructsTest {

    @Test
    void krb5Data() {
        assertEquals(16, Krb5Structs.KRB5_DATA.byteSize());
        assertEquals(4, Krb5Structs.KRB5_DATA_LENGTH);
        assertEquals(8, Krb5Structs.KRB5_DATA_DATA);
    }

    @Test
    void principalData() {
        assertEquals(40, Krb5Structs.KRB5_PRINCIPAL_DATA.byteSize());
        assertEquals(8, Krb5Structs.PRINCIPAL_REALM);
        assertEquals(24, Krb5Structs.PRINCIPAL_DATA);
        assertEquals(32, Krb5Structs.PRINCIPAL_LENGTH);
    }

    @Test
    void keyblockAndTimes() {
        assertEquals(24, Krb5Structs.KRB5_KEYBLOCK.byteSize());
        assertEquals(16, Krb5Structs.KRB5_TICKET_TIMES.byteSize());
    }

    @Test
    void creds() {
        assertEquals(120, Krb5Structs.KRB5_CREDS.byteSize());
        assertEquals(8, Krb5Structs.CREDS_CLIENT);
        assertEquals(16, Krb5Structs.CREDS_SERVER);
        assertEquals(48, Krb5Structs.CREDS_AUTHTIME);
        assertEquals(52, Krb5Structs.CREDS_STARTTIME);
        assertEquals(56, Krb5Structs.CREDS_ENDTIME);
        assertEquals(60, Krb5Structs.CREDS_RENEW_TILL);
        assertEquals(68, Krb5Structs.CREDS_TICKET_FLAGS); // after the 4-byte krb5_boolean is_skey
        assertEquals(80, Krb5Structs.CREDS_TICKET);
    }

    @Test
    void errorCodesMatchTheTablePositions() {
        assertEquals(-1765328242, Krb5Errors.KRB5_CC_END);
        assertEquals(-1765328189, Krb5Errors.KRB5_FCC_NOFILE);
        assertEquals(-1765328352, Krb5Errors.KRB5KRB_AP_ERR_TKT_EXPIRED);
        assertEquals(-1765328371, Krb5Errors.KRB5KDC_ERR_BADOPTION);
        assertEquals(-1765328228, Krb5Errors.KRB5_KDC_UNREACH);
        assertEquals("KRB5_CC_END", Krb5Errors.name(Krb5Errors.KRB5_CC_END));
        assertEquals("ENOENT", Krb5Errors.name(2));
        assertEquals("error -1765328000", Krb5Errors.name(-1765328000));
    }

    @Test
    void timestampsAreUnsignedSoTheyLastUntil2106() {
        assertEquals(java.time.Instant.parse("2038-01-19T03:14:08Z"), TicketReader.timestamp(Integer.MIN_VALUE));
        assertEquals(java.time.Instant.parse("2106-02-07T06:28:15Z"), TicketReader.timestamp(-1));
    }
}
