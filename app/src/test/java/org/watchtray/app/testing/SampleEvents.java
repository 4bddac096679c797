package org.watchtray.app.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.source.SourceStatus;

/** Events of every family as the sources produce them, including hostile names and absent facts. */
public final class SampleEvents {
    /** A 16-byte struct key_notification as the kernel writes it (little endian). */
    public static final Bytes KEY_LINK_RECORD = new Bytes(new byte[] {
            0x01, 0x00, 0x00, 0x02,                // type 1 = WATCH_TYPE_KEY_NOTIFY (24 bits), subtype 2 = NOTIFY_KEY_LINKED
            0x10, 0x00, 0x00, 0x00,                // info: length 16, watch id 0
            0x15, (byte) 0xcd, 0x5b, 0x07,         // key_id 123456789: the keyring that changed
            (byte) 0xa0, (byte) 0x86, 0x01, 0x00}); // aux 100000: the key linked into it

    private SampleEvents() {
    }

    /** One or more events of every family, in time order starting at {@code t0}, one second apart. */
    public static List<Event> everyFamily(Instant t0) {
        List<Event> out = new ArrayList<>();
        int[] i = {0};
        java.util.function.Supplier<Instant> t = () -> t0.plusSeconds(i[0]++);
        out.add(new KeyEvent(t.get(), KeyEvent.Change.LINKED, 123456789, "keyring", "_ses", 100000, null,
                KeyEvent.Origin.NOTIFICATION_QUEUE, KEY_LINK_RECORD));
        out.add(new KeyEvent(t.get(), KeyEvent.Change.EXPIRES_SOON, 42, "user", "token\n<b>fake</b> \u001b[31m\ud800", 0,
                t0.plusSeconds(300), KeyEvent.Origin.DEADLINE, null, false, t0.plusSeconds(359)));
        out.add(new CredentialEvent(t.get(), CredentialEvent.Change.EXPIRES_SOON, "alice@EXAMPLE.ORG", "KEYRING:persistent:1000",
                t0.plusSeconds(900), t0.plus(Duration.ofDays(7)), true, Duration.ofMinutes(15), null));
        out.add(new CredentialEvent(t.get(), CredentialEvent.Change.RENEW_FAILED, "bob@EXAMPLE.ORG", "FILE:/tmp/krb5cc_1000",
                null, null, false, null, "KDC unreachable"));
        out.add(new MountEvent(t.get(), MountEvent.Change.REMOUNTED_READ_ONLY, 57, "/home", null, "ext4", "/dev/sda3",
                "ro,relatime", "rw,relatime"));
        out.add(new MountEvent(t.get(), MountEvent.Change.MOUNTED, 812, "/media/usb stick\u00e9", null, "vfat", "/dev/sdb1",
                "rw,nosuid,nodev", null));
        out.add(new ThinPoolEvent(t.get(), ThinPoolEvent.Change.DATA_THRESHOLD, null, "vg0-pool-tpool", "vg0/pool",
                91.5, 12.25, 90, Duration.ofHours(3), "rw"));
        out.add(new ThinPoolEvent(t.get(), ThinPoolEvent.Change.STATUS, Severity.INFO, "vg1-thin-tpool", null,
                Double.NaN, Double.NaN, 0, null, null));
        out.add(new UsbEvent(t.get(), UsbEvent.Change.ENUMERATION_ERROR, "1-1.2", "", "device descriptor read/64, error -71",
                -71, 3, 5));
        out.add(new UsbEvent(t.get(), UsbEvent.Change.OVER_CURRENT, "2-1", "Hub \"X\"", null, 0, 1, 0));
        out.add(new LossEvent(t.get(), SourceId.KEYS, 17, "kernel queue overflow"));
        out.add(new DecodeProblem(t.get(), SourceId.USB, 96, "truncated record", new Bytes(new byte[] {1, 2, 3})));
        out.add(new SourceStatusEvent(t.get(), SourceStatus.degraded(SourceId.KEYS, "polling /proc/keys every 60 s",
                "kernel lacks CONFIG_WATCH_QUEUE (pipe2 returned ENOPKG)")));
        out.add(new SourceStatusEvent(t.get().plusNanos(123), SourceStatus.unavailable(SourceId.THINPOOL,
                "the watchtray agent is not running")));
        return out;
    }

    /** A USB error on port {@code 1-<n % ports>}; distinct ports keep them from grouping. */
    public static UsbEvent usbError(Instant t, int n, int ports) {
        return new UsbEvent(t, UsbEvent.Change.ENUMERATION_ERROR, "1-" + (n % ports), "", "error -71", -71, 1, n);
    }
}
