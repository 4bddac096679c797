package org.watchtray.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /proc/keys rows as a 6.x kernel prints them (recorded on the development machine). */
class ProcKeysTest {

    // Columns: serial(hex) flags(I R D Q U N i) usage timeout perm(hex) uid gid type(%-9.9s) text
    private static final String RECORDED = String.join("\n",
            // a user key with 3 s left; text = description ": " payload length (5 bytes)
            "07d64e7a I--Q---     2   3s 3f010000     0     0 user      k1: 5",
            // 4000 s left prints as "1h" (truncated); the description itself holds ": " and ';'
            "21a6f8a8 I--Q---     2   1h 3f010000     0     0 user      has: colon;semi: 8",
            // a keyring with 3 links and no timeout
            "25ab25a5 I--Q---     1 perm 3f010000     0     0 keyring   ring1: 3",
            // revoked (R): the kernel also sets its expiry to now, so it reads "expd"
            "276e4128 IR-Q---     2 expd 3f010000     0     0 user      k3: 0",
            // invalidated (i), about to be collected
            "3e3e1c01 I--Q--i     1 perm 3f010000     0     0 user      k4: 1",
            // a type name longer than 9 characters is cut to 9 ("asymmetric")
            "3f000001 I------     1 perm 1f030000     0 65534 asymmetri Fedora kernel signing key: 1a2b",
            "");

    @Test
    void recordedRowsParseIntoTheirFields() {
        ProcKeys.Result r = ProcKeys.parse(RECORDED);
        assertEquals(List.of(), r.problems());
        assertEquals(6, r.keys().size());

        ProcKey k1 = r.keys().get(0);
        assertEquals(0x07d64e7a, k1.serial());
        assertTrue(k1.instantiated());
        assertFalse(k1.revoked());
        assertEquals(2, k1.usage());
        assertEquals(new KeyTimeout(KeyTimeout.Kind.REMAINING, 3, 3), k1.timeout());
        assertEquals(0x3f010000, k1.perm());
        assertEquals("user", k1.type());
        assertEquals("k1", k1.description());
        assertEquals("5", k1.detail());

        ProcKey colon = r.keys().get(1);
        assertEquals("has: colon;semi", colon.description());
        assertEquals(new KeyTimeout(KeyTimeout.Kind.REMAINING, 3600, 7199), colon.timeout());

        ProcKey ring = r.keys().get(2);
        assertTrue(ring.keyring());
        assertEquals(KeyTimeout.PERMANENT, ring.timeout());
        assertEquals("ring1", ring.description());

        assertTrue(r.keys().get(3).revoked());
        assertEquals(KeyTimeout.EXPIRED, r.keys().get(3).timeout());
        assertTrue(r.keys().get(4).invalidated());

        ProcKey asym = r.keys().get(5);
        assertEquals("asymmetri", asym.type());
        assertEquals(65534, asym.gid());
        assertEquals("Fedora kernel signing key", asym.description());
    }

    @Test
    void aNewlineInADescriptionCannotForgeARow() {
        // key 0x20 is described "evil\n00000010 I--..." — the forged "row" has a lower serial
        // than the row it hides in, so it is glued back onto that description.
        String text = "00000020 I--Q---     1 perm 3f010000  1000  1000 user      evil\n"
                + "00000010 I--Q---     1 perm 3f010000     0     0 keyring   fake: 1\n"
                + "00000030 I--Q---     1 perm 3f010000  1000  1000 user      next: 4\n";
        ProcKeys.Result r = ProcKeys.parse(text);
        assertEquals(List.of(0x20, 0x30), r.keys().stream().map(ProcKey::serial).toList());
        assertEquals("evil\n00000010 I--Q---     1 perm 3f010000     0     0 keyring   fake: 1", r.keys().get(0).text());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().getFirst().contains("line 2"), r.problems().toString());
    }

    @Test
    void garbageLinesAreReportedNotThrown() {
        ProcKeys.Result r = ProcKeys.parse("not a row\n\n0000000x I------ 1 perm 0 0 0 user x\n");
        assertEquals(List.of(), r.keys());
        assertEquals(3, r.problems().size(), r.problems().toString());
        assertEquals(List.of(), ProcKeys.parse("").keys());
    }

    @Test
    void rowsWithBadColumnsAreNotRows() {
        assertNull(ProcKeys.row("07d64e7a I--Q---     2   3x 3f010000     0     0 user      k1: 5"), "unknown timeout unit");
        assertNull(ProcKeys.row("07d64e7a I--Q---     2   3s 3f010000     0     0 usertoolong k1: 5"), "type wider than its column");
        assertNull(ProcKeys.row("07d64e7a XXXXXXX     2   3s 3f010000     0     0 user      k1: 5"), "flags");
    }

    @Test
    void timeoutUnitsAndExpiryWindows() {
        assertEquals(new KeyTimeout(KeyTimeout.Kind.REMAINING, 59, 59), KeyTimeout.parse("59s"));
        assertEquals(new KeyTimeout(KeyTimeout.Kind.REMAINING, 720, 779), KeyTimeout.parse("12m"));
        assertEquals(new KeyTimeout(KeyTimeout.Kind.REMAINING, 2 * 86_400, 3 * 86_400 - 1), KeyTimeout.parse("2d"));
        assertEquals(new KeyTimeout(KeyTimeout.Kind.REMAINING, 604_800, 1_209_599), KeyTimeout.parse("1w"));
        assertNull(KeyTimeout.parse("s"));
        assertNull(KeyTimeout.parse("-1s"));

        // Read between 100.2 s and 101.7 s: "now" was second 100 or 101.
        KeyTimeout.ExpiryWindow w = KeyTimeout.parse("5s").window(Instant.ofEpochMilli(100_200), Instant.ofEpochMilli(101_700));
        assertEquals(new KeyTimeout.ExpiryWindow(Instant.ofEpochSecond(105), Instant.ofEpochSecond(106)), w);
        // A later reading narrows it; a contradicting one (the timeout was changed) gives null.
        KeyTimeout.ExpiryWindow later = KeyTimeout.parse("4s").window(Instant.ofEpochMilli(102_100), Instant.ofEpochMilli(102_300));
        assertEquals(new KeyTimeout.ExpiryWindow(Instant.ofEpochSecond(106), Instant.ofEpochSecond(106)), w.intersect(later));
        assertNull(w.intersect(KeyTimeout.parse("50s").window(Instant.ofEpochSecond(102), Instant.ofEpochSecond(102))));
    }

    @Test
    void keyctlDescribeText() {
        assertEquals(new KeyDescription("user", 0, 0, 0x3f010000, "has: colon;semi"), KeyDescription.parse("user;0;0;3f010000;has: colon;semi"));
        assertEquals(new KeyDescription("keyring", 1000, -1, 0x3f130000, ""), KeyDescription.parse("keyring;1000;-1;3f130000;"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> KeyDescription.parse("user;0;0"));
        assertTrue(e.getMessage().contains("3 of 5 fields"), e.getMessage());
    }
}
