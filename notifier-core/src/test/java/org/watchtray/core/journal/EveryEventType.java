package org.watchtray.core.journal;

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
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.source.SourceStatus;

/**
 * One event of every type watchtray can produce: every family, and within a family every
 * change its enum declares. The names come from {@link Event#name()}; {@link #families()} lets
 * a test notice a family added to the sealed hierarchy that this list does not build yet.
 */
public final class EveryEventType {
    static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private EveryEventType() {
    }

    public static List<Event> all() {
        List<Event> out = new ArrayList<>();
        for (KeyEvent.Change c : KeyEvent.Change.values()) {
            out.add(new KeyEvent(T, c, 42, "user", "token", 7, T.plusSeconds(300), KeyEvent.Origin.PROC_KEYS, Bytes.EMPTY));
        }
        for (CredentialEvent.Change c : CredentialEvent.Change.values()) {
            out.add(new CredentialEvent(T, c, "alice@EXAMPLE.ORG", "KEYRING:persistent:1000", T.plusSeconds(900),
                    T.plus(Duration.ofDays(7)), true, Duration.ofMinutes(15), "KDC unreachable"));
        }
        for (MountEvent.Change c : MountEvent.Change.values()) {
            out.add(c == MountEvent.Change.BURST
                    ? new MountEvent(T, c, 0, "/srv", null, null, null, null, null,
                            new MountEvent.Burst(T, 5, 1, 0, List.of("/srv/a", "/srv/b")))
                    : new MountEvent(T, c, 57, "/home", "/old", "ext4", "/dev/sda3", "ro", "rw"));
        }
        for (ThinPoolEvent.Change c : ThinPoolEvent.Change.values()) {
            out.add(new ThinPoolEvent(T, c, null, "vg0-pool-tpool", "vg0/pool", 91.5, 12.25, 90, Duration.ofHours(3), "rw"));
        }
        for (UsbEvent.Change c : UsbEvent.Change.values()) {
            out.add(new UsbEvent(T, c, "1-1.2", "Dock", "device descriptor read/64, error -71", -71, 3, 5));
        }
        out.add(new LossEvent(T, SourceId.KEYS, 17, "kernel queue overflow"));
        out.add(new SourceStatusEvent(T, SourceStatus.unavailable(SourceId.THINPOOL, "the watchtray agent is not running")));
        out.add(new DecodeProblem(T, SourceId.USB, 96, "truncated record", Bytes.EMPTY));
        return out;
    }

    /** The record classes {@link #all()} covers. */
    public static List<Class<?>> families() {
        return List.of(KeyEvent.class, CredentialEvent.class, MountEvent.class, ThinPoolEvent.class, UsbEvent.class,
                LossEvent.class, SourceStatusEvent.class, DecodeProblem.class);
    }
}
