package org.watchtray.app.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 * A workstation's year of events for the benchmarks, the same for a given seed: USB (a third:
 * devices coming and going, error storms on a flaky port that repeat within seconds), mounts (a
 * quarter: removable media, container bursts, now and then a read-only remount), Kerberos
 * tickets and keys (a fifth, in the rhythm of a working day), thin-pool readings and thresholds,
 * and the app's own status changes and loss markers. Mostly info and notice, a few warnings and
 * rare critical events. Times spread over the year, oldest first.
 */
public final class YearOfEvents {
    private static final String[] PORTS = {"1-1", "1-2", "1-1.2", "1-1.4", "2-1", "2-3", "3-1.1.2", "4-2"};
    private static final String[] PRODUCTS = {"Logitech USB Receiver", "YubiKey OTP+FIDO+CCID", "SanDisk Cruzer Blade",
            "Dell Universal Dock D6000", "USB2.0 Hub", "Realtek USB GbE", ""};
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin"};
    private static final String[] POOLS = {"vg0-pool0-tpool", "vg0-docker-tpool", "vg1-vms-tpool"};

    private YearOfEvents() {
    }

    /** {@code n} events between {@code end} minus a year and {@code end}, oldest first. */
    public static List<Event> generate(int n, Instant end, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long span = Duration.ofDays(365).toNanos();
        long start = Instant.EPOCH.until(end, java.time.temporal.ChronoUnit.NANOS) - span;
        List<Event> out = new ArrayList<>(n);
        // About 1.8 events per step (USB error storms add several), so the n events span the year.
        long step = (long) (span * 1.8 / n);
        long t = start;
        while (out.size() < n) {
            t += 1 + r.nextLong(2 * step);
            Instant at = Instant.EPOCH.plusNanos(t);
            int kind = r.nextInt(100);
            if (kind < 33) {
                usb(r, at, out, n);
            } else if (kind < 58) {
                mount(r, at, out, n);
            } else if (kind < 70) {
                out.add(kerberos(r, at));
            } else if (kind < 79) {
                out.add(key(r, at));
            } else if (kind < 94) {
                out.add(pool(r, at));
            } else if (kind < 99) {
                out.add(status(r, at));
            } else {
                out.add(new LossEvent(at, SourceId.values()[r.nextInt(5)], 1 + r.nextInt(200), "kernel queue overflow"));
            }
            t = Instant.EPOCH.until(out.getLast().time(), java.time.temporal.ChronoUnit.NANOS);
        }
        return out.subList(0, n);
    }

    private static void usb(SplittableRandom r, Instant at, List<Event> out, int n) {
        String port = PORTS[r.nextInt(PORTS.length)];
        String product = PRODUCTS[r.nextInt(PRODUCTS.length)];
        int what = r.nextInt(10);
        if (what < 6) {
            out.add(new UsbEvent(at, what < 3 ? UsbEvent.Change.ADDED : UsbEvent.Change.REMOVED, port, product, "", 0, 1, 0));
        } else if (what < 9) {
            // An error storm: the same error repeated within seconds, folded into one row by the timeline.
            int repeats = 1 + r.nextInt(what == 8 ? 40 : 6);
            Instant t = at;
            for (int i = 0; i < repeats && out.size() < n; i++) {
                out.add(new UsbEvent(t, UsbEvent.Change.ENUMERATION_ERROR, port, product,
                        "device descriptor read/64, error -71", -71, 1, i + 1));
                t = t.plusMillis(200 + r.nextInt(3000));
            }
        } else {
            out.add(new UsbEvent(at, r.nextInt(4) == 0 ? UsbEvent.Change.OVER_CURRENT : UsbEvent.Change.RESET, port, product,
                    "", 0, 1, r.nextInt(20)));
        }
    }

    private static void mount(SplittableRandom r, Instant at, List<Event> out, int n) {
        int what = r.nextInt(20);
        long id = 100 + r.nextInt(100_000);
        if (what < 14) {
            String point = "/media/" + USERS[r.nextInt(USERS.length)] + "/" + PRODUCTS[r.nextInt(PRODUCTS.length - 1)].split(" ")[0]
                    + r.nextInt(10);
            out.add(new MountEvent(at, what < 7 ? MountEvent.Change.MOUNTED : MountEvent.Change.UNMOUNTED, id, point, null,
                    "vfat", "/dev/sd" + (char) ('b' + r.nextInt(4)) + (1 + r.nextInt(3)), "rw,nosuid,nodev,relatime", null));
        } else if (what < 17) {
            out.add(new MountEvent(at, MountEvent.Change.BURST, 0, "/run/containerd", null, "overlay", null, null, null,
                    new MountEvent.Burst(at.minusSeconds(2), 20 + r.nextInt(30), r.nextInt(10), r.nextInt(3),
                            List.of("/run/containerd/io.containerd.runtime.v2.task/k8s.io/" + Long.toHexString(r.nextLong())))));
        } else if (what < 19) {
            out.add(new MountEvent(at, MountEvent.Change.OPTIONS_CHANGED, id, "/home", null, "ext4", "/dev/nvme0n1p3",
                    "rw,noatime", "rw,relatime"));
        } else {
            out.add(new MountEvent(at, MountEvent.Change.REMOUNTED_READ_ONLY, id, "/data", null, "ext4", "/dev/sdb1",
                    "ro,relatime,errors=remount-ro,emergency_ro", "rw,relatime,errors=remount-ro"));
        }
    }

    private static CredentialEvent kerberos(SplittableRandom r, Instant at) {
        String principal = USERS[r.nextInt(USERS.length)] + "@EXAMPLE.ORG";
        String cache = "KCM:" + (1000 + r.nextInt(5));
        return switch (r.nextInt(6)) {
            case 0, 1 -> new CredentialEvent(at, CredentialEvent.Change.ACQUIRED, principal, cache, at.plus(Duration.ofHours(10)),
                    at.plus(Duration.ofDays(7)), true, null, null);
            case 2, 3 -> new CredentialEvent(at, CredentialEvent.Change.RENEWED, principal, cache, at.plus(Duration.ofHours(10)),
                    at.plus(Duration.ofDays(6)), true, null, null);
            case 4 -> new CredentialEvent(at, CredentialEvent.Change.EXPIRES_SOON, principal, cache, at.plus(Duration.ofMinutes(15)),
                    at.plus(Duration.ofDays(5)), true, Duration.ofMinutes(15), null);
            default -> r.nextBoolean()
                    ? new CredentialEvent(at, CredentialEvent.Change.EXPIRED, principal, cache, at, null, false, null, null)
                    : new CredentialEvent(at, CredentialEvent.Change.RENEW_FAILED, principal, cache, at.plus(Duration.ofMinutes(4)),
                            null, true, null, "KDC unreachable: Cannot contact any KDC for realm 'EXAMPLE.ORG'");
        };
    }

    private static KeyEvent key(SplittableRandom r, Instant at) {
        int serial = 10_000_000 + r.nextInt(900_000);
        KeyEvent.Change c = switch (r.nextInt(8)) {
            case 0, 1 -> KeyEvent.Change.LINKED;
            case 2 -> KeyEvent.Change.UNLINKED;
            case 3, 4 -> KeyEvent.Change.UPDATED;
            case 5 -> KeyEvent.Change.REVOKED;
            case 6 -> KeyEvent.Change.EXPIRES_SOON;
            default -> KeyEvent.Change.EXPIRED;
        };
        return new KeyEvent(at, c, serial, "user", "token:" + USERS[r.nextInt(USERS.length)] + ":" + r.nextInt(100),
                c == KeyEvent.Change.LINKED || c == KeyEvent.Change.UNLINKED ? serial + 1 : 0,
                c == KeyEvent.Change.EXPIRES_SOON ? at.plusSeconds(300) : null, KeyEvent.Origin.NOTIFICATION_QUEUE, null);
    }

    private static ThinPoolEvent pool(SplittableRandom r, Instant at) {
        String pool = POOLS[r.nextInt(POOLS.length)];
        String lvm = pool.substring(0, pool.length() - "-tpool".length()).replaceFirst("-", "/");
        double data = 40 + r.nextDouble() * 60;
        int what = r.nextInt(20);
        if (what < 16) {
            return new ThinPoolEvent(at, ThinPoolEvent.Change.STATUS, Severity.INFO, pool, lvm, data, data / 5, 0, null, "rw");
        } else if (what < 19) {
            int threshold = data >= 95 ? 95 : data >= 90 ? 90 : 80;
            return new ThinPoolEvent(at, ThinPoolEvent.Change.DATA_THRESHOLD, threshold >= 95 ? Severity.CRITICAL : null, pool, lvm,
                    Math.max(data, 80), data / 5, threshold, Duration.ofMinutes(30 + r.nextInt(600)), "rw");
        }
        return new ThinPoolEvent(at, ThinPoolEvent.Change.RESOLVED, null, pool, lvm, 60, 10, 0, null, "rw");
    }

    private static SourceStatusEvent status(SplittableRandom r, Instant at) {
        SourceId s = SourceId.values()[r.nextInt(5)];
        return new SourceStatusEvent(at, r.nextBoolean() ? SourceStatus.active(s, "kernel notification queue (watch_queue)")
                : SourceStatus.unavailable(s, "the watchtray agent is not running"));
    }
}
