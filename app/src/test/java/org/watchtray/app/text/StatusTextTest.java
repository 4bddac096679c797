package org.watchtray.app.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.source.SourceStatus;

/**
 * Source statuses as sources really word them (copied from {@code watchtray status}, the tests of
 * each source and the agent's) are said in the user's language: German reads German around the
 * paths, errno names and libkrb5's words; in the pseudo-locale nothing but those stays plain.
 * A phrase the catalogue does not know is shown as it came, never garbled.
 */
class StatusTextTest {
    static final List<SourceStatus> REAL = List.of(
            SourceStatus.degraded(SourceId.KEYS, "polling /proc/keys every 60 s", "kernel lacks CONFIG_WATCH_QUEUE (pipe2 returned ENOPKG)"),
            SourceStatus.active(SourceId.KEYS, "kernel notification queue (watching session, user, persistent keyrings)"),
            SourceStatus.active(SourceId.KERBEROS, "libkrb5 reading FILE:/tmp/krb5cc_0; inotify on /tmp (krb5cc_0); deadlines on timerfd"),
            SourceStatus.degraded(SourceId.KERBEROS, "libkrb5 reading KCM:; KCM caches re-read on a timer derived from ticket end times "
                    + "(every 30 s to 10 min; KCM has no change signal); deadlines on timerfd", "automatic renewal is off: EBADF"),
            SourceStatus.active(SourceId.MOUNTS, "fanotify mount events on the mount namespace + statmount (remounts: poll(POLLPRI) on /proc/self/mountinfo)"),
            SourceStatus.unavailable(SourceId.THINPOOL, "watchtray-agent not installed (no socket at /run/watchtray/agent.sock)"),
            SourceStatus.unavailable(SourceId.USB, "watchtray-agent not reachable (nothing listens at /run/watchtray/agent.sock: the agent is not running); retrying in 1 s"),
            SourceStatus.active(SourceId.THINPOOL, "via watchtray-agent: DM_DEV_ARM_POLL + poll() on /dev/mapper/control (dm ioctl 4.48.0)"),
            SourceStatus.degraded(SourceId.USB, "via watchtray-agent: NETLINK_KOBJECT_UEVENT group 1 only (plug, unplug, over-current)",
                    "/dev/kmsg: EPERM"),
            SourceStatus.active(SourceId.JOURNAL, "native protocol to /run/systemd/journal/socket"),
            SourceStatus.unavailable(SourceId.JOURNAL, "no journald is listening (ECONNREFUSED); entries are dropped and counted"),
            new SourceStatus(SourceId.HOOKS, SourceStatus.State.DISABLED, "no hooks", ""),
            SourceStatus.active(SourceId.HISTORY, "SQLite (WAL) at /home/u/.local/state/watchtray/history.db"),
            new SourceStatus(SourceId.HISTORY, SourceStatus.State.UNAVAILABLE, "in memory only, this session",
                    "cannot open the history: SQLITE_CANTOPEN; events are kept in memory until watchtray exits"),
            new SourceStatus(SourceId.META, SourceStatus.State.DEGRADED, "using default settings",
                    "Your settings file /home/u/.config/watchtray/settings.json was not valid (line 3). It was kept as "
                            + "settings.json.corrupt-20250301T100000Z and default settings are in use."),
            SourceStatus.degraded(SourceId.HOOKS, "via watchtray-agent: hook 'extend' (/usr/local/sbin/extend)",
                    "was killed by SIGTERM (status 143) on thinpool.data_threshold \u201c253:4\u201d after 1s240ms"),
            new SourceStatus(SourceId.META, SourceStatus.State.ACTIVE,
                    "watchtray-agent writes /var/lib/node-exporter/watchtray.prom (last written 2026-12-05T02:03:00Z, 12 s ago)", ""),
            new SourceStatus(SourceId.META, SourceStatus.State.UNAVAILABLE, "watchtray-agent writes /var/lib/node-exporter/watchtray.prom",
                    "/var/lib/node-exporter/watchtray.prom does not exist: the agent is not running or cannot write there "
                            + "(/etc/watchtray/agent.json)"));

    @Test
    void germanReadsGerman() {
        StatusText de = new StatusText(Messages.of(Locale.GERMANY, ZoneOffset.UTC));
        assertEquals("fragt /proc/keys alle 60 s ab \u2014 dem Kernel fehlt CONFIG_WATCH_QUEUE (pipe2 gab ENOPKG zurück)",
                de.explanation(REAL.getFirst()));
        assertEquals("läuft nicht \u2014 watchtray-agent nicht erreichbar (niemand lauscht unter /run/watchtray/agent.sock: "
                + "der Agent läuft nicht); neuer Versuch in 1 s", de.explanation(REAL.get(6)));
        assertEquals("libkrb5 liest FILE:/tmp/krb5cc_0; inotify auf /tmp (krb5cc_0); Fristen über timerfd", de.explanation(REAL.get(2)));
        assertEquals("in den Einstellungen ausgeschaltet", de.explanation(REAL.get(11)));
        assertEquals("über watchtray-agent: Hook 'extend' (/usr/local/sbin/extend) \u2014 wurde durch SIGTERM beendet (Status 143) "
                + "bei thinpool.data_threshold \u201c253:4\u201d nach 1s240ms", de.explanation(REAL.get(REAL.size() - 3)));
        assertEquals("watchtray-agent schreibt /var/lib/node-exporter/watchtray.prom (zuletzt geschrieben 2026-12-05T02:03:00Z, vor 12 s)",
                de.explanation(REAL.get(REAL.size() - 2)));
    }

    @Test
    void inThePseudoLocaleOnlyTheDataStaysPlain() {
        StatusText pseudo = new StatusText(Messages.pseudo(ZoneOffset.UTC));
        List<String> plain = new ArrayList<>();
        for (SourceStatus s : REAL) {
            String left = PseudoText.unmarked(pseudo.explanation(s));
            // What may stay: paths, errno and ioctl names, numbers, file names, "automatic renewal is off: EBADF"'s EBADF.
            String words = left.replaceAll("(/[\\w./-]*|[A-Z_0-9]{3,}[\\w.:-]*|[\\w.-]*\\.[a-z]+[\\w.-]*|\\d[\\w.:]*|FILE:\\S*|KCM:)", "");
            if (words.matches("(?s).*[a-z]{3,}.*")) {
                plain.add(s.source().wireName() + ": " + left);
            }
        }
        assertEquals(List.of(), plain);
    }

    @Test
    void anUnknownPhraseIsShownAsItCame() {
        StatusText de = new StatusText(Messages.of(Locale.GERMANY, ZoneOffset.UTC));
        assertEquals("something new; and more", de.translate("something new; and more"));
        assertEquals("", de.translate(""));
    }
}
