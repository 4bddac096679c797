package org.watchtray.packaging;

import org.watchtray.core.journal.JournalSink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.Event;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.journal.JournalEntries;
import org.watchtray.core.journal.JournalWriter;
import org.watchtray.nativeaccess.lab.PrivateJournald;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * The installed catalog as an admin meets it: entries written by watchtray's journal writer into
 * a real journald, the catalog database built from the packaged catalog with
 * {@code journalctl --update-catalog --root}, and {@code journalctl -x} run in a private mount
 * namespace where that database is {@code /var/lib/systemd/catalog} (the host's is untouched).
 */
class CatalogJournalctlTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void journalctlExplainsEachEntryFromTheCatalog() throws Exception {
        Path root = Files.createTempDirectory("wt-catalog-root");
        try (PrivateJournald journald = PrivateJournald.start("wt-catalog")) {
            Path catalogDir = Files.createDirectories(root.resolve("usr/lib/systemd/catalog"));
            try (InputStream in = DebStage.resource("catalog/watchtray.catalog").openStream()) {
                Files.copy(in, catalogDir.resolve("watchtray.catalog"));
            }
            PrivateJournald.Tool.run(List.of("journalctl", "--root=" + root, "--update-catalog"), WAIT);

            Instant t = Instant.now();
            List<Event> events = List.of(
                    new ThinPoolEvent(t, ThinPoolEvent.Change.DATA_THRESHOLD, null, "vg0-pool-tpool", "vg0/pool", 91.5, 12.25, 90,
                            Duration.ofHours(3), "rw"),
                    new CredentialEvent(t, CredentialEvent.Change.EXPIRES_SOON, "alice@EXAMPLE.ORG", "KEYRING:persistent:1000",
                            t.plusSeconds(900), null, true, Duration.ofMinutes(15), null),
                    new UsbEvent(t, UsbEvent.Change.OVER_CURRENT, "2-1", "Dock", null, 0, 1, 0));
            try (JournalWriter w = new JournalWriter(NativeAccess.linux().journal(journald.socket(), JournalSink.SEND_TIMEOUT),
                    JournalEntries.DESKTOP, e -> true, Clock.systemUTC(), e -> { }, 100)) {
                w.start();
                w.setEnabled(true);
                w.accept(events);
                assertTrue(w.awaitIdle(WAIT));
            }
            journald.await(l -> l.size() == 3, WAIT, "SYSLOG_IDENTIFIER=watchtray");

            Path database = root.resolve("var/lib/systemd/catalog");
            String script = "mount -t tmpfs tmpfs /var/lib/systemd && mkdir /var/lib/systemd/catalog"
                    + " && cp \"$1\"/database /var/lib/systemd/catalog/ && exec journalctl --directory=\"$2\" -x --no-pager SYSLOG_IDENTIFIER=watchtray";
            String text = PrivateJournald.Tool.run(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                    database.toString(), journald.directory().toString()), WAIT);

            assertTrue(text.contains("\u2591\u2591 Subject: Thin pool vg0-pool-tpool: data usage passed 90 %"), text);
            assertTrue(text.contains("\u2591\u2591 The thin pool's data space is 91.5 % used."), text);
            assertTrue(text.contains("\u2591\u2591 What to do: Free space (discard/fstrim, delete snapshots) or extend the pool"), text);
            assertTrue(text.contains("\u2591\u2591 Subject: Kerberos ticket for alice@EXAMPLE.ORG expires soon"), text);
            assertTrue(text.contains("\u2591\u2591 Subject: USB port 2-1: over-current"), text);
            assertTrue(text.contains("\u2591\u2591 Defined-By: watchtray"), text);
            assertEquals(3, text.lines().filter(l -> l.contains("Defined-By: watchtray")).count(), text);
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
