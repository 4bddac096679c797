package org.watchtray.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.os.Errno;
import org.watchtray.core.kerberos.Krb5;
import org.watchtray.core.kerberos.Krb5Exception;
import org.watchtray.nativeaccess.NativeAccess;
import org.watchtray.nativeaccess.lab.TestKdc;
import picocli.CommandLine;

/** {@code watchtray kerberos list|renew} against a real KDC, run directly through picocli. */
class KerberosCommandTest {
    @RegisterExtension
    static final TestKdc KDC = new TestKdc();
    private static final String ALICE = "alice@" + TestKdc.REALM;

    /** A time as the list shows it in English (this constructor speaks English): the locale's date format, not ISO. */
    private static String shown(java.time.Instant t) {
        return org.watchtray.app.text.Messages.english(ZoneOffset.UTC).dateTime(t);
    }

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void principals() throws Exception {
        KDC.addPrincipal("alice", "alice-pw", "10 min", "1 hour");
    }

    private static Run run(Krb5 krb5, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new KerberosCommand(krb5, List.of(), Clock.systemUTC(), ZoneOffset.UTC));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run run(Environment env, String... args) {
        return run(NativeAccess.linux().kerberos(env, Clock.systemUTC()), args);
    }

    private static String cache(String name) throws Exception {
        return "FILE:" + Files.createTempDirectory(KDC.dir(), name).resolve("cc");
    }

    @Test
    void listShowsPrincipalCacheEndTimeRenewUntilAndRenewable() throws Exception {
        String cc = cache("list");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "5m", "-r", "30m");
        TestKdc.KlistTimes klist = KDC.klistTgt(cc);

        Run r = run(KDC.environment(cc), "list");

        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).matches("PRINCIPAL +CACHE +EXPIRES +RENEW UNTIL +RENEWABLE"), lines.get(0));
        assertTrue(lines.get(1).matches(java.util.regex.Pattern.quote(ALICE) + " \\(default\\) +" + java.util.regex.Pattern.quote(cc) + " +"
                + java.util.regex.Pattern.quote(shown(klist.expires())) + " +" + java.util.regex.Pattern.quote(shown(klist.renewUntil())) + " +yes"),
                lines.get(1));
        assertEquals("", r.err());
    }

    @Test
    void listAsJson() throws Exception {
        String cc = cache("json");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "5m");
        TestKdc.KlistTimes klist = KDC.klistTgt(cc);

        Run r = run(KDC.environment(cc), "list", "--json");

        assertEquals(0, r.exit(), r.err());
        JsonNode array = new ObjectMapper().readTree(r.out());
        assertEquals(1, array.size());
        JsonNode t = array.get(0);
        assertEquals(ALICE, t.get("principal").asText());
        assertEquals(cc, t.get("cache").asText());
        assertEquals("FILE", t.get("cache_type").asText());
        assertEquals(klist.expires().toString(), t.get("end_time").asText());
        assertTrue(t.get("renew_until").isNull());
        assertFalse(t.get("renewable").asBoolean());
        assertEquals("the ticket was issued without the renewable flag", t.get("reason").asText());
        assertTrue(t.get("default").asBoolean());
        assertFalse(t.get("expired").asBoolean());
    }

    @Test
    void listWithoutTicketsSaysWhereItLooked() throws Exception {
        String cc = cache("empty");
        Run r = run(KDC.environment(cc), "list");
        assertEquals(0, r.exit());
        assertEquals("No Kerberos tickets (looked in " + cc + ")\n", r.out());
        assertEquals("[]\n", run(KDC.environment(cc), "list", "--json").out());
    }

    @Test
    void theCliContextsSettingsAddCollections() throws Exception {
        String cc = cache("default");
        String extra = "DIR:" + Files.createTempDirectory(KDC.dir(), "extra");
        KDC.kinit(extra, "alice", "alice-pw", "-l", "5m");
        Settings d = Settings.defaults();
        Settings settings = SettingsBuilder.from(d)
                .kerberos(new Settings.Kerberos(d.kerberos().leadTimes(), false, List.of(extra))).build();
        CommandLine cmd = new CommandLine(new KerberosCommand(new CliContext(KDC.environment(cc), Clock.systemUTC(), err -> settings)));
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        assertEquals(0, cmd.execute("list", "--json"));
        JsonNode t = new ObjectMapper().readTree(out.toString()).get(0);
        assertEquals(extra, t.get("collection").asText());
        assertEquals("DIR", t.get("cache_type").asText());
        assertFalse(t.get("default").asBoolean());
    }

    @Test
    void hostileCacheNamesAreShownEscapedOnOneLine() throws Exception {
        Path evil = Files.createDirectories(KDC.dir().resolve("evil\n\u001b[31mred"));
        String cc = "FILE:" + evil.resolve("cc");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "5m");
        Run r = run(KDC.environment(cc), "list");
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, r.out().lines().count(), r.out());
        assertTrue(r.out().contains("evil\\n\\x1b[31mred/cc"), r.out());
        assertFalse(r.out().contains("\u001b"), r.out());
    }

    @Test
    void renewExtendsTheTicketInItsCache() throws Exception {
        String cc = cache("renew");
        KDC.kinit(cc, "alice", "alice-pw", "-l", "2m", "-r", "30m");
        Instant before = KDC.klistTgt(cc).expires();
        Thread.sleep(1100); // whole seconds: let the renewed end time move

        Run r = run(KDC.environment(cc), "renew", "alice");

        assertEquals(0, r.exit(), r.err());
        Instant after = KDC.klistTgt(cc).expires();
        assertTrue(after.isAfter(before));
        assertTrue(r.out().startsWith("Renewed the Kerberos ticket for " + ALICE + " in " + cc + ": valid until "), r.out());
        assertEquals("", r.err());
    }

    @Test
    void renewFailuresHaveAClearMessageAndExitStatus() throws Exception {
        String plain = cache("plain");
        KDC.kinit(plain, "alice", "alice-pw", "-l", "2m");
        Run notRenewable = run(KDC.environment(plain), "renew");
        assertEquals(KerberosCommand.NOT_RENEWABLE, notRenewable.exit());
        assertEquals("watchtray kerberos renew: The Kerberos ticket for " + ALICE + " cannot be renewed: "
                + "the ticket was issued without the renewable flag\n", notRenewable.err());

        Run nobody = run(KDC.environment(plain), "renew", "carol");
        assertEquals(KerberosCommand.NO_TICKET, nobody.exit());
        assertTrue(nobody.err().startsWith("watchtray kerberos renew: No Kerberos ticket for carol: "), nobody.err());

        String renewable = cache("offline");
        KDC.kinit(renewable, "alice", "alice-pw", "-l", "2m", "-r", "30m");
        Path offline = KDC.dir().resolve("offline-cli.conf");
        Files.writeString(offline, Files.readString(KDC.krb5Conf()).replace("127.0.0.1:" + KDC.port(), "127.0.0.1:1"));
        Run unreachable = run(new Environment(Map.of("KRB5_CONFIG", offline.toString(), "KRB5CCNAME", renewable), KDC.dir()), "renew");
        assertEquals(KerberosCommand.FAILED, unreachable.exit());
        assertTrue(unreachable.err().startsWith("watchtray kerberos renew: Renewing the Kerberos ticket for " + ALICE
                + " failed: Cannot contact any KDC for realm"), unreachable.err());
        assertEquals(1, unreachable.err().lines().count(), unreachable.err());
    }

    @Test
    void aMissingLibraryIsOneLineAndStatus1() {
        // What NativeAccess.kerberos hands out when dlopen fails (its message recorded from a machine without libkrb5-3).
        Krb5 missing = Krb5.unavailable(new Krb5Exception("dlopen", "libkrb5.so.3", Errno.ENOENT.code(),
                "libkrb5.so.3: cannot open shared object file"));
        Run r = run(missing, "list");
        assertEquals(1, r.exit());
        assertEquals("watchtray kerberos list: libkrb5 is not available: dlopen for libkrb5.so.3: ENOENT, "
                + "libkrb5.so.3: cannot open shared object file\n", r.err());
    }

    @Test
    void withoutASubcommandItIsAUsageError() {
        Run r = run(KDC.environment("FILE:/x"), new String[0]);
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("Missing subcommand: list or renew"), r.err());
    }
}
