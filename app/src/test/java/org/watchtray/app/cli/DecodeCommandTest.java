package org.watchtray.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.core.event.Severity;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.record.AgentRecordCodec;
import picocli.CommandLine;

class DecodeCommandTest {
    private static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");
    private static final Instant T = Instant.parse("2025-03-01T12:00:00.250Z");

    /** One read() of a key notification pipe; see docs/wire-format.md "batch". */
    private static final byte[] BATCH = bytes(
            0x01, 0x00, 0x00, 0x02,  // KEY_NOTIFY, subtype 2 LINKED
            0x10, 0x01, 0x00, 0x00,  // info: length 16, watch ID 1
            0x40, 0x3f, 0x2e, 0x1d,  // key_id: keyring 489570112
            0x6e, 0x5d, 0x4c, 0x3b,  // aux: linked key 994860398
            0x00, 0x00, 0x00, 0x00,  // META, subtype 0 REMOVAL
            0x08, 0x03, 0x00, 0x00,  // info: length 8, watch ID 3
            0x00, 0x00, 0x00, 0x01,  // META, subtype 1 LOSS
            0x08, 0x00, 0x00, 0x00); // info: length 8

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    private static Run run(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new DecodeCommand(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC, stdin));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    private Run runFile(byte[] content, String... extra) throws Exception {
        Path f = dir.resolve("capture.bin");
        Files.write(f, content);
        String[] args = new String[extra.length + 1];
        args[0] = f.toString();
        System.arraycopy(extra, 0, args, 1, extra.length);
        return run(InputStream.nullInputStream(), args);
    }

    @Test
    void aPipeReadBecomesOneLinePerRecord() throws Exception {
        Run r = runFile(BATCH);
        assertEquals(0, r.exit());
        assertEquals(List.of(
                "2025-03-01 08:00:00.000  info      keys      Key 489570112 gained a link: key 994860398 linked",
                "2025-03-01 08:00:00.000  info      keys      Key 0 is gone",
                "2025-03-01 08:00:00.000  warning   meta      Some key events were lost (kernel notification queue overflowed); state was re-read"),
                r.lines());
        assertTrue(r.err().contains("32 bytes, 3 records"), r.err());
    }

    @Test
    void jsonHasTheDocumentedFieldsWithTypedDetails() throws Exception {
        byte[] pool = AgentRecordCodec.encode(new ThinPoolEvent(T, ThinPoolEvent.Change.DATA_THRESHOLD, Severity.WARNING,
                "vg0-pool-tpool", "vg0/pool", 91.5, 12.25, 90, Duration.ofMinutes(40), "rw"));
        Run r = runFile(concat(BATCH, pool), "--json");
        assertEquals(0, r.exit());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode key = mapper.readTree(r.lines().get(0));
        assertEquals("2025-03-01T08:00:00Z", key.get("time").asText());
        assertEquals("keys", key.get("source").asText());
        assertEquals("keys.linked", key.get("event").asText());
        assertEquals("info", key.get("severity").asText());
        assertEquals("489570112", key.get("subject").asText());
        assertTrue(key.get("details").get("serial").isInt());
        assertEquals(994860398, key.get("details").get("other_serial").asInt());
        assertEquals("010000021001000040 3f2e1d6e5d4c3b".replace(" ", ""), key.get("raw").asText());

        JsonNode thin = mapper.readTree(r.lines().get(3));
        assertEquals("2025-03-01T12:00:00.250Z", thin.get("time").asText());
        assertEquals("thinpool.data_threshold", thin.get("event").asText());
        assertEquals("warning", thin.get("severity").asText());
        assertEquals(91.5, thin.get("details").get("data_percent").asDouble());
        assertTrue(thin.get("details").get("data_percent").isDouble());
        assertEquals("PT40M", thin.get("details").get("full_in").asText());
        assertFalse(thin.has("raw"), "agent events carry no raw kernel bytes");
    }

    @Test
    void agentProtocolRecordsAreShownToo() throws Exception {
        Run r = runFile(concat(AgentRecordCodec.hello(T, 1, "watchtray-agent 0.1"),
                AgentRecordCodec.snapshotBegin(T, org.watchtray.core.event.SourceId.USB)));
        assertEquals(List.of(
                "2025-03-01 12:00:00.250  info      meta      Agent watchtray-agent 0.1 speaks protocol 1",
                "2025-03-01 12:00:00.250  info      meta      Agent snapshot of usb begins"), r.lines());
    }

    @Test
    void hostileNamesStayOnOneEscapedLine() throws Exception {
        byte[] usb = AgentRecordCodec.encode(new UsbEvent(T, UsbEvent.Change.RESET, "1-1\n2025-01-01 fake line\u001b[2J", "<b>x</b>",
                "", 0, 1, 0));
        Run r = runFile(usb);
        assertEquals(1, r.lines().size(), r.out());
        assertFalse(r.out().contains("\u001b"), "no terminal escape reaches the terminal");
        assertTrue(r.out().contains("1-1\\n2025-01-01 fake line\\x1b[2J"), r.out());
    }

    @Test
    void malformedPartsAreReportedAndDecodingContinues() throws Exception {
        byte[] garbage = bytes(
                0x01, 0x00, 0x00, 0x05,  // KEY_NOTIFY REVOKED
                0x7f, 0x01, 0x00, 0x00,  // info: length 127, far past the end of this record
                0x2a, 0x00, 0x00, 0x00); // key_id 42 ... then the batch follows
        Run r = runFile(concat(garbage, BATCH));
        assertEquals(DecodeCommand.SOME_MALFORMED, r.exit(), "read to the end, with malformed parts");
        assertEquals(4, r.lines().size(), r.out());
        assertTrue(r.lines().get(0).contains("notice    meta      Malformed key input at offset 0: record length 127 runs past the end"),
                r.lines().get(0));
        assertTrue(r.lines().get(1).endsWith("Key 489570112 gained a link: key 994860398 linked"), r.lines().get(1));
        assertTrue(r.err().contains("1 malformed, unknown or not showable"), r.err());
    }

    @Test
    void aRecordWithAnAbsentPortIsOneMalformedLineAndTheRestIsDecoded() throws Exception {
        // Issue 13's reproducer: a USB agent record whose port string is 0xFFFF ("absent").
        byte[] absentPort = java.util.HexFormat.of().parseHex("025457020000220090009fa9462f0600b9ffffff0100000002000000ffff00000000");
        Run r = runFile(concat(absentPort, BATCH, absentPort, BATCH));
        assertEquals(8, r.lines().size(), r.out());
        assertEquals(2, r.lines().stream().filter(l -> l.endsWith("Key 489570112 gained a link: key 994860398 linked")).count(), r.out());
        boolean malformed = r.err().contains("2 malformed");
        assertEquals(malformed ? DecodeCommand.SOME_MALFORMED : 0, r.exit(), r.err());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    @Test
    void aBidiOverrideInANameIsShownEscaped() throws Exception {
        byte[] rlo = AgentRecordCodec.encode(new UsbEvent(T, UsbEvent.Change.RESET, "1-1", "evil\u202eexe.txt", "reset", 0, 1, 0));
        Run r = runFile(rlo);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("evil\\u202eexe.txt"), r.out());
        assertFalse(r.out().contains("\u202e"), r.out());
    }

    @Test
    void aTruncatedRecordAtTheEndIsReported() throws Exception {
        Run r = runFile(java.util.Arrays.copyOf(BATCH, 10)); // the first record cut after 10 of its 16 bytes
        assertEquals(DecodeCommand.SOME_MALFORMED, r.exit());
        assertEquals(1, r.lines().size());
        assertTrue(r.out().contains("record length 16 runs past the end (10 bytes left) (10 bytes skipped)"), r.out());
    }

    @Test
    void randomBytesDecodeWithProblemsAndNoStackTrace() throws Exception {
        byte[] random = new byte[100_000];
        new Random(7).nextBytes(random);
        Run r = runFile(random);
        assertEquals(DecodeCommand.SOME_MALFORMED, r.exit());
        assertTrue(r.err().matches("(?s)watchtray decode: .*: " + java.util.regex.Pattern.quote(grouped(100_000)) + " bytes, [\\d,.]+ records, [\\d,.]+ malformed, unknown or not showable.*\n"), r.err());
        assertFalse(r.out().contains("Exception") || r.err().contains("Exception"));
    }

    @Test
    void anEmptyFileIsNoRecords() throws Exception {
        Run r = runFile(new byte[0]);
        assertEquals(0, r.exit());
        assertEquals("", r.out());
        assertEquals("watchtray decode: " + dir.resolve("capture.bin") + ": no records (the input is empty)\n", r.err());
    }

    /** Lines and messages follow the user's locale (here German); JSON stays English whatever the locale. */
    @Test
    void aGermanUserReadsGermanLinesAndMessagesButTheSameJson() throws Exception {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            Run lines = runFile(BATCH);
            assertTrue(lines.out().contains("hat eine Verknüpfung erhalten: Schlüssel 994860398 verknüpft"), lines.out());
            assertTrue(lines.err().contains(": 32 Bytes, 3 Datensätze"), lines.err());
            Run json = runFile(BATCH, "--json");
            assertTrue(json.out().contains("gained a link: key 994860398 linked"), json.out());
            Run missing = run(InputStream.nullInputStream(), dir.resolve("nope.bin").toString());
            assertEquals("watchtray decode: " + dir.resolve("nope.bin") + ": keine solche Datei\n", missing.err());
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aMissingFileIsOneClearLineAndFailure() {
        Run r = run(InputStream.nullInputStream(), dir.resolve("nope.bin").toString());
        assertEquals(1, r.exit());
        assertEquals("watchtray decode: " + dir.resolve("nope.bin") + ": no such file\n", r.err());
    }

    @Test
    void aDirectoryIsRefused() {
        Run r = run(InputStream.nullInputStream(), dir.toString());
        assertEquals(1, r.exit());
        assertEquals("watchtray decode: " + dir + ": is a directory, not a record stream\n", r.err());
    }

    @Test
    void anUnreadableFileIsRefused() throws Exception {
        Path file = dir.resolve("secret.bin");
        Files.write(file, BATCH);
        Files.setPosixFilePermissions(file, java.util.Set.of());
        if (Files.isReadable(file)) {
            // Root reads any ordinary file; a write-only sysctl is refused even to root.
            file = Path.of("/proc/sys/vm/compact_memory");
            Assumptions.assumeTrue(Files.exists(file), "running as root and the kernel has no write-only sysctl to test with");
        }
        Run r = run(InputStream.nullInputStream(), file.toString());
        assertEquals(1, r.exit());
        assertEquals("watchtray decode: " + file + ": permission denied\n", r.err());
    }

    @Test
    void aReadErrorInTheMiddleIsOneClearLineAndFailure() {
        // /proc/self/mem opens, but reading at offset 0 (unmapped) fails with EIO.
        Run r = run(InputStream.nullInputStream(), "/proc/self/mem");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("watchtray decode: /proc/self/mem: read failed after 0 bytes: "), r.err());
        assertEquals(1, r.err().lines().count());
    }

    @Test
    void standardInputIsReadForDash() {
        Run r = run(new ByteArrayInputStream(BATCH), "-");
        assertEquals(3, r.lines().size());
        assertTrue(r.err().contains("standard input: 32 bytes, 3 records"), r.err());
    }

    @Test
    void aHugeStreamIsDecodedInChunksWithRecordsStraddlingTheirBoundaries() {
        // 24 MiB generated on the fly (never held in memory): 16-byte key records interleaved
        // with 75-byte USB records, so records keep crossing the 64 KiB chunk boundaries.
        byte[] usb = AgentRecordCodec.encode(new UsbEvent(T, UsbEvent.Change.ENUMERATION_ERROR, "1-1.2", "",
                "device descriptor read/64, error -71", -71, 1, 2));
        byte[] unit = concat(BATCH, usb);
        long units = 24L * 1024 * 1024 / unit.length;
        InputStream generated = new InputStream() {
            long served;

            @Override
            public int read() {
                throw new UnsupportedOperationException("bulk reads only");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                long total = units * unit.length;
                if (served == total) {
                    return -1;
                }
                int n = (int) Math.min(len, total - served);
                for (int i = 0; i < n; i++) {
                    b[off + i] = unit[(int) ((served + i) % unit.length)];
                }
                served += n;
                return n;
            }
        };
        CountingWriter lines = new CountingWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new DecodeCommand(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC, generated));
        cmd.setOut(new PrintWriter(lines));
        cmd.setErr(new PrintWriter(err));
        assertEquals(0, cmd.execute("-"));
        assertEquals(units * 4, lines.newlines);
        assertEquals("watchtray decode: standard input: " + grouped(units * unit.length) + " bytes, " + grouped(units * 4) + " records\n", err.toString());
    }

    /** Counts lines without keeping them. */
    private static final class CountingWriter extends Writer {
        long newlines;

        @Override
        public void write(char[] c, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (c[i] == '\n') {
                    newlines++;
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A count as the CLI prints it: in the user's number format (the test runs in the JVM's locale). */
    private static String grouped(long n) {
        return java.text.NumberFormat.getIntegerInstance(java.util.Locale.getDefault(java.util.Locale.Category.FORMAT)).format(n);
    }
}
