package org.watchtray.app.testing;

import java.time.Duration;
import java.time.Instant;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;

/** Events as the sources produce them, for tests of what the user is shown. */
public final class Events {
    public static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

    private Events() {
    }

    public static MountEvent remountedReadOnly(String mountPoint, Instant at) {
        return new MountEvent(at, MountEvent.Change.REMOUNTED_READ_ONLY, 42, mountPoint, null, "ext4", "/dev/sdb1",
                "ro,relatime", "rw,relatime");
    }

    public static MountEvent remountedReadWrite(String mountPoint, Instant at) {
        return new MountEvent(at, MountEvent.Change.REMOUNTED_READ_WRITE, 42, mountPoint, null, "ext4", "/dev/sdb1",
                "rw,relatime", "ro,relatime");
    }

    public static ThinPoolEvent poolAt(String pool, int threshold, double percent, Instant at) {
        return new ThinPoolEvent(at, ThinPoolEvent.Change.DATA_THRESHOLD, null, pool, "vg0/pool0", percent, 12.5,
                threshold, Duration.ofHours(3), "rw");
    }

    public static ThinPoolEvent poolOutOfSpace(String pool, Instant at) {
        return new ThinPoolEvent(at, ThinPoolEvent.Change.OUT_OF_DATA_SPACE, null, pool, "vg0/pool0", 100, 20,
                0, null, "out_of_data_space");
    }

    public static ThinPoolEvent poolResolved(String pool, Instant at) {
        return new ThinPoolEvent(at, ThinPoolEvent.Change.RESOLVED, null, pool, "vg0/pool0", 60, 12.5, 0, null, "rw");
    }

    public static CredentialEvent ticketExpiresSoon(String principal, Duration lead, Instant at) {
        return new CredentialEvent(at, CredentialEvent.Change.EXPIRES_SOON, principal, "KCM:1000",
                at.plus(lead), at.plus(Duration.ofDays(7)), true, lead, null);
    }

    public static CredentialEvent ticketExpired(String principal, Instant at) {
        return new CredentialEvent(at, CredentialEvent.Change.EXPIRED, principal, "KCM:1000", at, null, false, null, null);
    }

    public static CredentialEvent ticketRenewed(String principal, Instant at) {
        return new CredentialEvent(at, CredentialEvent.Change.RENEWED, principal, "KCM:1000",
                at.plus(Duration.ofHours(10)), at.plus(Duration.ofDays(7)), true, null, null);
    }

    public static UsbEvent usbError(String port, Instant at) {
        return new UsbEvent(at, UsbEvent.Change.ENUMERATION_ERROR, port, "", "", -71, 1, 0);
    }

    public static UsbEvent usbAdded(String port, Instant at) {
        return new UsbEvent(at, UsbEvent.Change.ADDED, port, "Keyboard", "", 0, 1, 0);
    }

    public static LossEvent loss(Instant at) {
        return new LossEvent(at, SourceId.KEYS, 12, "kernel queue overflow");
    }
}
