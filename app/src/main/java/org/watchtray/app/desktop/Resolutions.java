package org.watchtray.app.desktop;

import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.keys.KeyEvent;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.source.SourceStatus;

/**
 * Which events end an earlier problem with the same object (source + subject): the ticket was
 * renewed, the pool is back under its thresholds, the filesystem is writable again. The toast
 * for that object is withdrawn and the tray stops counting it.
 */
public final class Resolutions {
    private Resolutions() {
    }

    public static boolean resolves(Event e) {
        return switch (e) {
            case KeyEvent k -> switch (k.change()) {
                case UPDATED, REVOKED, INVALIDATED, REMOVED -> true;
                default -> false;
            };
            case CredentialEvent c -> switch (c.change()) {
                case ACQUIRED, RENEWED, DESTROYED -> true;
                default -> false;
            };
            case MountEvent m -> switch (m.change()) {
                case REMOUNTED_READ_WRITE, UNMOUNTED, MOUNTED -> true;
                default -> false;
            };
            case ThinPoolEvent t -> t.change() == ThinPoolEvent.Change.RESOLVED;
            case SourceStatusEvent s -> s.status().state() == SourceStatus.State.ACTIVE;
            case UsbEvent _ -> false;
            case LossEvent _ -> false;
            case DecodeProblem _ -> false;
        };
    }
}
