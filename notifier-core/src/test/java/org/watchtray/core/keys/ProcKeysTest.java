package org.watchtray.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.watchtray.core.testing.Allocation;
import org.watchtray.core.os.Errno;

/** /proc/keys rows as a 6.x kernel prints them (recorded on the development machine), and forged ones. */
class ProcKeysTest {

    // Columns: serial(hex) flags(I R D Q U N i) usage(%5d) timeout(%4s) perm(hex) uid(%5d) gid(%5d) type(%-9.9s) text
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
            // a type name longer than 9 characters is cut to 9 ("asymmetric"); uid and gid wider than 5 are not padded
            "3f000001 I------     1 perm 1f030000 100000 165534 asymmetri Fedora kernel signing key: 1a2b",
            "");

    /** KEYCTL_DESCRIBE as the real kernel answers for each key (recorded with keyctl describe). */
    private final Map<Integer, KeyLookup> described = new HashMap<>(Map.of(
            0x07d64e7a, found("user", "k1"),
            0x21a6f8a8, found("user", "has: colon;semi"),
            0x25ab25a5, found("keyring", "ring1"),
            // "keyctl_describe_alloc: Key has been revoked"
            0x276e4128, new KeyLookup.Unreadable(Errno.EKEYREVOKED, "KEYCTL_DESCRIBE on key 661537064: EKEYREVOKED, Key has been revoked"),
            // "keyctl_describe_alloc: Required key not available" for an invalidated key
            0x3e3e1c01, new KeyLookup.Gone(),
            0x3f000001, found("asymmetric", "Fedora kernel signing key")));
    private final Map<Integer, Integer> asked = new HashMap<>();

    private static KeyLookup found(String type, String description) {
        return new KeyLookup.Found(new KeyDescription(type, 0, 0, 0x3f010000, description));
    }

    private IntFunction<KeyLookup> lookup() {
        return serial -> {
            asked.merge(serial, 1, Integer::sum);
            return described.getOrDefault(serial, new KeyLookup.Gone());
        };
    }

    private ProcKeys.Result parse(String text, Integer... wanted) {
        Set<Integer> w = Set.of(wanted);
        return ProcKeys.parse(text, w::contains, lookup());
    }

    @Test
    void recordedRowsParseIntoTheirFields() {
        ProcKeys.Result r = parse(RECORDED, 0x07d64e7a, 0x21a6f8a8, 0x25ab25a5, 0x276e4128, 0x3e3e1c01, 0x3f000001);
        assertEquals(List.of(), r.problems());
        assertEquals(6, r.rows().size());
        assertEquals(Set.of(), r.unsure());

        ProcKey k1 = r.rows().get(0x07d64e7a);
        assertTrue(k1.instantiated());
        assertFalse(k1.revoked());
        assertEquals(2, k1.usage());
        assertEquals(new KeyTimeout(KeyTimeout.Kind.REMAINING, 3, 3), k1.timeout());
        assertEquals(0x3f010000, k1.perm());
        assertEquals("user", k1.type());
        assertEquals("k1", k1.description());
        assertEquals("5", k1.detail());

        ProcKey colon = r.rows().get(0x21a6f8a8);
        assertEquals("has: colon;semi", colon.description());
        assertEquals(new KeyTimeout(KeyTimeout.Kind.REMAINING, 3600, 7199), colon.timeout());

        ProcKey ring = r.rows().get(0x25ab25a5);
        assertTrue(ring.keyring());
        assertEquals(KeyTimeout.PERMANENT, ring.timeout());
        assertEquals("ring1", ring.description());

        assertTrue(r.rows().get(0x276e4128).revoked(), "revoked: DESCRIBE's EKEYREVOKED agrees with the row");
        assertEquals(KeyTimeout.EXPIRED, r.rows().get(0x276e4128).timeout());
        assertTrue(r.rows().get(0x3e3e1c01).invalidated(), "invalidated: DESCRIBE's ENOKEY agrees with the row");

        ProcKey asym = r.rows().get(0x3f000001);
        assertEquals("asymmetri", asym.type());
        assertEquals(100000, asym.uid());
        assertEquals(165534, asym.gid());
        assertEquals("Fedora kernel signing key", asym.description());
        assertEquals(Set.of(0x07d64e7a, 0x21a6f8a8, 0x25ab25a5, 0x276e4128, 0x3e3e1c01, 0x3f000001), r.seen());
    }

    @Test
    void onlyWantedKeysAreReadAndDescribed() {
        ProcKeys.Result r = parse(RECORDED, 0x25ab25a5);
        assertEquals(Set.of(0x25ab25a5), r.rows().keySet());
        assertEquals(Map.of(0x25ab25a5, 1), asked, "one KEYCTL_DESCRIBE, for the one key that matters");
        assertEquals(6, r.seen().size());
    }

    // ---- descriptions with newlines (the kernel prints them raw) ----

    /** Key 0x20 is an attacker's, viewable by everyone; its description forges key 0x30's row with no timeout. */
    private static final String FORGED_VICTIM = ""
            + "00000020 I--Q---     1 perm 3f010001  1001  1001 user      evil\n"
            // forged: key 0x30 "victim" without a timeout, so its expiry would never be warned of
            // (": 1" is what the kernel appends to the attacker's description: its payload length)
            + "00000030 I--Q---     1 perm 3f010000  1000  1000 user      victim: 1\n"
            // the real row of key 0x30, which expires in five minutes
            + "00000030 I--Q---     1   5m 3f010000  1000  1000 user      victim: 3\n";

    @Test
    void aForgedRowCannotReplaceARealKeysValues() {
        described.put(0x30, found("user", "victim"));
        described.put(0x20, found("user", "evil\n00000030 I--Q---     1 perm 3f010000  1000  1000 user      victim"));

        ProcKeys.Result r = parse(FORGED_VICTIM, 0x30);

        // Two rows claim 0x30, so every shown key is described: 0x20's description spans the
        // forged line, and the real row of 0x30 stands alone again.
        assertEquals(new KeyTimeout(KeyTimeout.Kind.REMAINING, 300, 359), r.rows().get(0x30).timeout(), "the real row's timeout");
        assertEquals("victim: 3", r.rows().get(0x30).text());
        assertEquals(Set.of(), r.unsure());
        assertTrue(r.problems().contains("line 2 continues the description of key 32"), r.problems().toString());
    }

    @Test
    void whenTheForgeryCannotBeSetApartTheKeysValuesAreNotRead() {
        described.put(0x30, found("user", "victim"));
        // The attacker revoked its key: it can no longer be described, so its extent is unknown.
        described.put(0x20, new KeyLookup.Unreadable(Errno.EKEYREVOKED, "revoked"));

        ProcKeys.Result r = parse(FORGED_VICTIM, 0x30);

        assertNull(r.rows().get(0x30), "neither row is read");
        assertEquals(Set.of(0x30), r.unsure(), "the key exists: its last known values stand");
        assertTrue(r.problems().contains("key 48 is shown in 2 rows (a description holds a forged one): its values are not read"),
                r.problems().toString());
    }

    @Test
    void aForgedRowForAKeyThatCannotBeViewedIsNotRead() {
        // 0x30 exists in a watched keyring but this user may not view it: the kernel shows no row
        // for it, so the one row with its serial is forged.
        described.put(0x30, new KeyLookup.Unreadable(Errno.EACCES, "KEYCTL_DESCRIBE on key 48: EACCES, Permission denied"));
        String text = "00000020 I--Q---     1 perm 3f010001  1001  1001 user      evil\n"
                + "00000030 I--Q---     1 perm 3f010000  1000  1000 user      victim: 9\n";

        ProcKeys.Result r = parse(text, 0x30);

        assertEquals(Map.of(), r.rows());
        assertEquals(Set.of(0x30), r.unsure());
        assertTrue(r.problems().contains("line 2 is not the row of key 48 (the key cannot be viewed, so the kernel shows no row for it): "
                + "its values are not read"), r.problems().toString());

        // A followed key that died: a forged row cannot keep it alive.
        described.put(0x30, new KeyLookup.Gone());
        ProcKeys.Result gone = parse(text, 0x30);
        assertEquals(Map.of(), gone.rows());
        assertEquals(Set.of(), gone.unsure());
    }

    @Test
    void aForgedRowWithAHighSerialHidesNoRealRow() {
        // Rows ascend by serial in the kernel's walk; a forged 0x7fffffff before real rows must not
        // make them look out of place and be dropped.
        String text = "00000020 I--Q---     1 perm 3f010001  1001  1001 user      evil\n"
                + "7fffffff I--Q---     1 perm 3f010000  1000  1000 user      decoy: 1\n"
                + "00000030 I--Q---     1   5m 3f010000  1000  1000 user      victim: 3\n";
        described.put(0x30, found("user", "victim"));

        ProcKeys.Result r = parse(text, 0x30);

        assertEquals("victim: 3", r.rows().get(0x30).text());
        assertTrue(r.problems().contains("line 3 looks like a row of key 48 but breaks the kernel's ascending order: "
                + "a description holds a newline"), r.problems().toString());
    }

    @Test
    void aKnownDescriptionWithNewlinesKeepsItsWholeText() {
        // What keyctl add user "evil<LF>00000001 I------ ... forged: 1<ESC>[31m" x RING shows (recorded).
        String description = "evil\n00000001 I------     1 perm 3f010000     0     0 keyring   forged: 1\u001b[31m";
        String text = "00000020 I--Q---     1 perm 3f010000  1000  1000 user      " + description + ": 1\n"
                + "00000030 I--Q---     1 perm 3f010000  1000  1000 user      next: 4\n";
        described.put(0x20, found("user", description));
        described.put(0x30, found("user", "next"));

        ProcKeys.Result r = parse(text, 0x20, 0x30);

        assertEquals(description + ": 1", r.rows().get(0x20).text());
        assertEquals("1", r.rows().get(0x20).detail());
        assertEquals(description, r.rows().get(0x20).description());
        assertEquals(Set.of(0x20, 0x30), r.seen(), "the line inside the description is no row at all");
        assertEquals(List.of("line 2 continues the description of key 32"), r.problems());
    }

    // ---- malformed input ----

    @Test
    void aDescriptionEndingInANewlineAtTheEndOfTheTextIsNoProblem() {
        described.put(0x20, found("user", "a\n"));
        ProcKeys.Result r = parse("00000020 I--Q---     1 perm 3f010000     0     0 user      a\n", 0x20);
        assertEquals("a", r.rows().get(0x20).text(), "cut short: the row's own last line is missing");
    }

    @Test
    void garbageLinesAreReportedNotThrown() {
        ProcKeys.Result r = parse("not a row\n\n0000000x I------ 1 perm 0 0 0 user x\n", 1);
        assertEquals(Map.of(), r.rows());
        assertEquals(List.of("lines 1\u20133 are not /proc/keys rows"), r.problems());
        assertEquals(Map.of(), parse("", 1).rows());
        assertEquals(List.of(), parse("", 1).problems());
    }

    @Test
    void rowsWithBadColumnsAreNotRows() {
        assertNotNull(ProcKeys.row("07d64e7a I--Q---     2   3s 3f010000     0     0 user      k1: 5"));
        assertNull(ProcKeys.row("07d64e7a I--Q---     2   3x 3f010000     0     0 user      k1: 5"), "unknown timeout unit");
        assertNull(ProcKeys.row("07d64e7a I--Q---     2   3s 3f010000     0     0 usertoolong k1: 5"), "type wider than its column");
        assertNull(ProcKeys.row("07d64e7a XXXXXXX     2   3s 3f010000     0     0 user      k1: 5"), "flags");
        assertNull(ProcKeys.row("07D64E7A I--Q---     2   3s 3f010000     0     0 user      k1: 5"), "%08x is lower case");
        assertNull(ProcKeys.row("07d64e7a I--Q---  2   3s 3f010000     0     0 user      k1: 5"), "%5d pads to five");
        assertNull(ProcKeys.row("07d64e7a I--Q---      2   3s 3f010000     0     0 user      k1: 5"), "%5d pads to five, not six");
        assertNull(ProcKeys.row("07d64e7a I--Q---     2  3s 3f010000     0     0 user      k1: 5"), "%4s pads to four");
        assertNull(ProcKeys.row("07d64e7a I--Q---     \u0662   3s 3f010000     0     0 user      k1: 5"), "ASCII digits only");
        assertEquals(-2, ProcKeys.row("07d64e7a I--Q---     2   3s 3f010000    -2    -2 user      k1: 5").uid(), "uid_t beyond 2^31 as %5d");
    }

    @Test
    void aHugeTimeoutDoesNotOverflow() {
        // The regression input: "99999999999w" threw DateTimeException when the window was computed.
        ProcKey row = ProcKeys.row("00000030 I--Q---     1 99999999999w 3f010000  1000  1000 user      far: 3");
        assertNotNull(row);
        assertEquals(99_999_999_999L * 604_800, row.timeout().minSeconds());
        KeyTimeout.ExpiryWindow w = row.timeout().window(Instant.ofEpochSecond(1_700_000_000), Instant.ofEpochSecond(1_700_000_001));
        assertEquals(new KeyTimeout.ExpiryWindow(KeyTimeout.LATEST, KeyTimeout.LATEST), w);
        assertNull(KeyTimeout.parse("9999999999999w"), "more digits than any kernel timeout has");
    }

    // ---- linear time ----

    /**
     * The regression inputs of issue 13: continuation lines were glued one by one, copying the
     * growing text each time (1.3 MB: 1.5 s and 12 GB allocated; 4.5 MB: over 13 min).
     * Allocation is counted, not time, so the bound holds on a loaded machine.
     */
    @Test
    void continuationLinesAreGluedInLinearTime() {
        for (int megabytes : new int[] {1, 4}) {
            String text = descriptionWithManyLines(megabytes * 1_100_000 + 200_000);
            described.put(0x20, found("user", "x"));
            long before = Allocation.threadAllocatedBytes();
            long t0 = System.nanoTime();
            ProcKeys.Result r = parse(text, 0x20);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long bytes = Allocation.threadAllocatedBytes() - before;
            System.out.printf("ProcKeys: %d chars in %d ms, %d bytes allocated (%.1f per char)%n", text.length(), ms, bytes,
                    (double) bytes / text.length());
            assertTrue(bytes < 40L * text.length(), bytes + " bytes allocated for " + text.length() + " chars");
            assertEquals(1, r.problems().size(), r.problems().toString());
            assertTrue(r.problems().getFirst().startsWith("lines 2\u2013"), r.problems().toString());
        }
    }

    /** One row of key 0x20 whose description has a newline every 8 characters, {@code size} chars in all. */
    private static String descriptionWithManyLines(int size) {
        StringBuilder b = new StringBuilder(size + 80).append("00000020 I--Q---     1 perm 3f010000     0     0 user      x");
        while (b.length() < size) {
            b.append("\nabcdefg");
        }
        return b.append(": 1\n").toString();
    }

    // ---- the timeout column and KEYCTL_DESCRIBE's text ----

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
