package org.watchtray.app.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;

/**
 * Every change of every event family, with every variant its words depend on (counts, a gone key,
 * an approximate expiry, a pool without figures …), has a summary and a toast title in every
 * language: no bundle key shows through, nothing throws, German is not English, and in the
 * pseudo-locale everything around the data is pseudo-translated.
 */
class EventTextTest {
    static final Instant T0 = Instant.parse("2025-03-01T13:00:00Z");

    /** Events of every change and variant. */
    static List<Event> everyChange() {
        List<Event> out = new ArrayList<>();
        for (KeyEvent.Change c : KeyEvent.Change.values()) {
            out.add(new KeyEvent(T0, c, 42, "user", "api-token", 7, T0.plusSeconds(45), KeyEvent.Origin.PROC_KEYS, Bytes.EMPTY, false, null));
            out.add(new KeyEvent(T0, c, 42, "", "", 7, null, KeyEvent.Origin.NOTIFICATION_QUEUE, Bytes.EMPTY, true, null));
        }
        out.add(new KeyEvent(T0, KeyEvent.Change.EXPIRES_SOON, 42, "user", "x", 0, T0.plusSeconds(60), KeyEvent.Origin.PROC_KEYS,
                Bytes.EMPTY, false, T0.plusSeconds(119)));
        for (CredentialEvent.Change c : CredentialEvent.Change.values()) {
            for (boolean renewable : new boolean[] {true, false}) {
                out.add(new CredentialEvent(T0, c, "alice@EXAMPLE.ORG", "FILE:/tmp/cc", T0.plus(Duration.ofMinutes(3)),
                        T0.plus(Duration.ofDays(1)), renewable, Duration.ofMinutes(5), "Cannot contact any KDC"));
            }
        }
        for (MountEvent.Change c : MountEvent.Change.values()) {
            if (c == MountEvent.Change.BURST) {
                out.add(new MountEvent(T0, c, 0, "/run/ctr", null, null, null, null, null,
                        new MountEvent.Burst(T0, 3, 1, 2, List.of("/run/ctr/a"))));
                out.add(new MountEvent(T0, c, 0, "/run/ctr", null, null, null, null, null,
                        new MountEvent.Burst(T0, 1, 0, 0, List.of("/run/ctr/a"))));
            } else {
                out.add(new MountEvent(T0, c, 7, "/home", "/old", "ext4", "/dev/sda3", "ro,emergency_ro", "rw"));
                out.add(new MountEvent(T0, c, 7, "/home", null, null, null, "ro", null));
            }
        }
        for (ThinPoolEvent.Change c : ThinPoolEvent.Change.values()) {
            out.add(new ThinPoolEvent(T0, c, null, "vg0-pool-tpool", "vg0/pool", 91.5, 12.25, 90, Duration.ofMinutes(13), "rw"));
            out.add(new ThinPoolEvent(T0, c, null, "vg0-pool-tpool", null, Double.NaN, Double.NaN, 0, null, "removed"));
        }
        for (UsbEvent.Change c : UsbEvent.Change.values()) {
            out.add(new UsbEvent(T0, c, "1-1.2", "Stick", "device descriptor read/64, error -71", -71, 1, 5));
            out.add(new UsbEvent(T0, c, "1-1.2", "", "", 0, 12, 1));
        }
        for (SourceId s : SourceId.values()) {
            out.add(new LossEvent(T0, s, 17, "kernel queue overflow"));
            out.add(new LossEvent(T0, s, -1, "kernel queue overflow"));
            out.add(new LossEvent(T0, s, 1, "kernel queue overflow"));
            for (SourceStatus.State st : SourceStatus.State.values()) {
                out.add(new SourceStatusEvent(T0, new SourceStatus(s, st, "polling /proc/keys every 60 s",
                        "kernel lacks CONFIG_WATCH_QUEUE (pipe2 returned ENOPKG)")));
            }
        }
        out.add(new DecodeProblem(T0, SourceId.USB, 96, "truncated record", Bytes.EMPTY));
        return out;
    }

    @Test
    void everyEventHasWordsInEveryLanguage() {
        List<Messages> languages = List.of(Messages.of(Locale.US, ZoneOffset.UTC), Messages.of(Locale.GERMANY, ZoneOffset.UTC),
                Messages.pseudo(ZoneOffset.UTC), Messages.pseudoRightToLeft(ZoneOffset.UTC));
        List<String> problems = new ArrayList<>();
        for (Messages m : languages) {
            EventText words = new EventText(m);
            for (Event e : everyChange()) {
                for (String text : List.of(words.summary(e), words.title(e))) {
                    if (text.isBlank() || text.matches(".*\\b(event|title|key|usb|mounts|thinpool|status)\\.[a-z_]+.*")) {
                        problems.add(m.locale() + " " + e.name() + ": " + text);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void germanSaysItInGerman() {
        EventText de = new EventText(Messages.of(Locale.GERMANY, ZoneOffset.UTC));
        ThinPoolEvent pool = new ThinPoolEvent(T0, ThinPoolEvent.Change.DATA_THRESHOLD, null, "p", "vg0/pool", 91.5, 12.25, 90,
                Duration.ofMinutes(13), "rw");
        assertEquals("Thin-Pool \u201evg0/pool\u201c: Daten zu 91,5\u00a0% belegt, voll in etwa 13 min", de.summary(pool));
        assertEquals("Thin-Pool zu 92\u00a0% voll", de.title(pool));
        UsbEvent docked = new UsbEvent(T0, UsbEvent.Change.ADDED, "2-1", "", "", 0, 12, 0);
        assertEquals("12 USB-Geräte verbunden", de.summary(docked));
        CredentialEvent soon = new CredentialEvent(T0, CredentialEvent.Change.EXPIRES_SOON, "alice@EXAMPLE.ORG", "FILE:/tmp/cc",
                T0.plus(Duration.ofMinutes(3)), null, true, Duration.ofMinutes(5), null);
        assertEquals("Kerberos-Ticket läuft in 3 min ab", de.title(soon));
        assertEquals("Kerberos-Ticket für alice@EXAMPLE.ORG läuft um 13:03:00 ab", de.summary(soon));
        KeyEvent coarse = new KeyEvent(T0, KeyEvent.Change.EXPIRES_SOON, 42, "user", "x", 0, T0.plusSeconds(60), KeyEvent.Origin.PROC_KEYS,
                Bytes.EMPTY, false, T0.plusSeconds(119));
        assertEquals("Schlüssel läuft in etwa 2 min ab", de.title(coarse));
        assertEquals("User-Schlüssel \u201ex\u201c (42) läuft bald ab, zwischen 13:01:00 und 13:01:59", de.summary(coarse));
    }

    @Test
    void namesFromOutsideAreShownNeverObeyed() {
        for (Messages m : List.of(Messages.english(ZoneOffset.UTC), Messages.of(Locale.GERMAN, ZoneOffset.UTC))) {
            EventText words = new EventText(m);
            KeyEvent hostile = new KeyEvent(T0, KeyEvent.Change.ADDED, 42, "user", "token\n<b>fake</b> \u001b[31m", 0, null,
                    KeyEvent.Origin.PROC_KEYS, Bytes.EMPTY);
            String s = words.summary(hostile);
            assertFalse(s.contains("\n") || s.contains("\u001b"), s);
            assertTrue(s.contains("\\n<b>fake</b> \\x1b[31m"), s);
            assertEquals(Severity.INFO, hostile.severity());
        }
    }

    /** Why events were lost comes in English (it is stored and exported so); the user reads it in their language. */
    @Test
    void lossReasonsAreTranslatedLikeStatuses() {
        EventText de = new EventText(Messages.of(Locale.GERMAN, ZoneOffset.UTC));
        Instant t = Instant.parse("2025-03-01T12:00:00Z");
        assertEquals("12 Ereignisse gingen verloren (das Fenster kam nicht hinterher; alle stehen im Verlauf)",
                de.summary(new LossEvent(t, SourceId.META, 12, "the window could not keep up; all are in the history")));
        assertEquals("Einige Ereignisse fehlen im Verlauf (watchtray endete, ohne den Verlauf zu schließen (beendet, abgestürzt oder"
                        + " Stromausfall), nach 2025-03-01T11:00:00Z; Ereignisse bis 2025-03-01T12:00:00Z wurden nicht aufgezeichnet)",
                de.summary(new LossEvent(t, SourceId.HISTORY, -1, "watchtray stopped without closing its history (killed, crashed or the"
                        + " power went) after 2025-03-01T11:00:00Z; events until 2025-03-01T12:00:00Z were not recorded")));
        // A reason the catalogue does not know is shown as it came.
        assertTrue(de.summary(new LossEvent(t, SourceId.META, 1, "something new")).endsWith("(something new)"));
    }
}
