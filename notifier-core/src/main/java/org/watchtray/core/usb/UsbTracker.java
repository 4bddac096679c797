package org.watchtray.core.usb;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.usb.UsbEvent.Change;
import org.watchtray.core.usb.KmsgRecord;
import org.watchtray.core.usb.Uevent;
import org.watchtray.core.settings.Settings;

/**
 * Turns USB kernel-log records and uevents into {@link UsbEvent}s a user can bear:
 * <ul>
 * <li>bursts merge: every ADDED (or REMOVED) within a burst is one event whose count is the
 * number of devices (a dock bringing 12 devices is one "12 USB devices connected"); identical
 * errors on one port are one event with a count. A burst ends when its kind has been quiet for
 * the burst window, and at the latest after {@value #MAX_BURST_WINDOWS} windows, so a
 * never-ending storm is still reported;</li>
 * <li>the kernel log's "USB disconnect" and the uevent "remove" for the same device are one
 * REMOVED event. The kernel logs the disconnect first and sends the uevent only once the
 * device's drivers are gone, which can take longer than a burst window (usb-storage tearing
 * down its SCSI host), so a disconnect waits {@link #REMOVE_GRACE} for its uevent before it
 * stands alone (as it does where uevents cannot be read);</li>
 * <li>each port counts its errors; {@value #FAILING_ERRORS} within {@link #FAILING_WINDOW}
 * raise PORT_FAILING once, and {@value #STORM_DISCONNECTS} disconnects within
 * {@link #STORM_WINDOW} raise DISCONNECT_STORM once, until the port has been quiet that long.</li>
 * </ul>
 * Events are released by {@link #flush}, which the owner calls at {@link #nextFlush}.
 */
public final class UsbTracker {
    static final int MAX_BURST_WINDOWS = 10;
    static final Duration REMOVE_GRACE = Duration.ofSeconds(5);
    static final int FAILING_ERRORS = 5;
    static final Duration FAILING_WINDOW = Duration.ofMinutes(10);
    static final int STORM_DISCONNECTS = 3;
    static final Duration STORM_WINDOW = Duration.ofSeconds(60);
    private static final int RECENT_ERRORS = 32;
    private static final int LISTED_DEVICES = 20;

    private Duration window;
    private final UsbKmsgClassifier kmsgClassifier = new UsbKmsgClassifier();
    private final UsbUeventClassifier ueventClassifier = new UsbUeventClassifier();
    private final Map<String, String> products = new HashMap<>();
    private final Map<String, PortHealth> health = new HashMap<>();
    private final Map<String, Instant> recentlyRemoved = new HashMap<>();
    private final Map<Key, Burst> bursts = new LinkedHashMap<>();
    private final ArrayDeque<UsbEvent> recentErrors = new ArrayDeque<>();

    public UsbTracker(Settings.Usb settings) {
        this.window = windowOf(settings);
    }

    /** A new burst window, effective at once: bursts in progress end by the new one. */
    public void reconfigure(Settings.Usb settings) {
        this.window = windowOf(settings);
    }

    private static Duration windowOf(Settings.Usb settings) {
        return settings.burstWindow().isNegative() || settings.burstWindow().isZero() ? Duration.ofMillis(1) : settings.burstWindow();
    }

    /** Feeds one kernel-log record (records about anything but USB are ignored). */
    public void kmsg(KmsgRecord record, Instant time) {
        kmsgClassifier.classify(record, time).ifPresent(this::add);
    }

    /** Feeds one uevent; {@code productName} is the device's sysfs product string when known. */
    public void uevent(Uevent uevent, String productName, Instant time) {
        ueventClassifier.classify(uevent, productName, time).ifPresent(this::add);
    }

    /** A device that was there before we started (or after a resync): remembered, not announced. */
    public void present(String port, String product) {
        products.put(port, product == null ? "" : product);
    }

    /** Adds one classified occurrence. */
    public void add(UsbOccurrence o) {
        expire(o.time());
        // What was learnt at "add" (the sysfs product string) beats the ids a "remove" still carries.
        String remembered = products.get(o.port());
        String product = remembered != null && (o.product().isEmpty() || o.change() != Change.ADDED) ? remembered : o.product();
        switch (o.change()) {
            case ADDED -> products.put(o.port(), product);
            case REMOVED -> {
                products.remove(o.port());
                recentlyRemoved.put(o.port(), o.time());
                bursts.keySet().removeIf(k -> k.change() == Change.DISCONNECT && k.port().equals(o.port()));
                countDisconnect(o);
            }
            case DISCONNECT -> {
                countDisconnect(o);
                if (recentlyRemoved.containsKey(o.port())) {
                    return; // the uevent already told; one event per unplug
                }
            }
            case ENUMERATION_ERROR, CANNOT_ENUMERATE, RESET, OVER_CURRENT, ERROR -> countFailure(o);
            case DISCONNECT_STORM, PORT_FAILING -> {
            }
        }
        merge(new UsbOccurrence(o.time(), o.change(), o.port(), product, o.message(), o.errno()));
    }

    private void merge(UsbOccurrence o) {
        Key key = switch (o.change()) {
            case ADDED, REMOVED -> new Key(o.change(), "", 0, "");
            default -> new Key(o.change(), o.port(), o.errno(), o.message());
        };
        Burst b = bursts.get(key);
        if (b == null) {
            bursts.put(key, new Burst(o));
        } else {
            b.add(o);
        }
    }

    private void countFailure(UsbOccurrence o) {
        PortHealth h = health.computeIfAbsent(o.port(), p -> new PortHealth());
        h.total++;
        h.failures.addLast(o.time());
        trim(h.failures, o.time().minus(FAILING_WINDOW));
        if (h.failures.size() >= FAILING_ERRORS && !h.failing) {
            h.failing = true;
            merge(new UsbOccurrence(o.time(), Change.PORT_FAILING, o.port(), products.getOrDefault(o.port(), ""),
                    h.failures.size() + " errors in " + FAILING_WINDOW.toMinutes() + " min", 0));
        }
    }

    private void countDisconnect(UsbOccurrence o) {
        PortHealth h = health.computeIfAbsent(o.port(), p -> new PortHealth());
        Instant last = h.disconnects.peekLast();
        if (last != null && Duration.between(last, o.time()).abs().compareTo(window) < 0 && o.change() == Change.REMOVED) {
            return; // the DISCONNECT for this unplug was counted already
        }
        h.disconnects.addLast(o.time());
        trim(h.disconnects, o.time().minus(STORM_WINDOW));
        if (h.disconnects.size() >= STORM_DISCONNECTS && !h.storming) {
            h.storming = true;
            merge(new UsbOccurrence(o.time(), Change.DISCONNECT_STORM, o.port(), products.getOrDefault(o.port(), ""),
                    h.disconnects.size() + " disconnects in " + STORM_WINDOW.toSeconds() + " s", 0));
        }
    }

    private static void trim(ArrayDeque<Instant> times, Instant oldest) {
        while (!times.isEmpty() && times.peekFirst().isBefore(oldest)) {
            times.removeFirst();
        }
    }

    /** Re-arms quiet ports and forgets old removals. */
    private void expire(Instant now) {
        recentlyRemoved.values().removeIf(t -> t.isBefore(now.minus(window)));
        for (PortHealth h : health.values()) {
            trim(h.failures, now.minus(FAILING_WINDOW));
            trim(h.disconnects, now.minus(STORM_WINDOW));
            h.failing &= !h.failures.isEmpty();
            h.storming &= !h.disconnects.isEmpty();
        }
    }

    /** Releases every burst that has ended by {@code now}, oldest first. */
    public List<UsbEvent> flush(Instant now) {
        expire(now);
        List<UsbEvent> out = new ArrayList<>();
        for (Iterator<Burst> it = bursts.values().iterator(); it.hasNext(); ) {
            Burst b = it.next();
            if (!b.endsAt(window).isAfter(now)) {
                it.remove();
                UsbEvent e = b.toEvent(portFailures(b.first.port()));
                out.add(e);
                if (e.severity().atLeast(org.watchtray.core.event.Severity.NOTICE)) {
                    if (recentErrors.size() == RECENT_ERRORS) {
                        recentErrors.removeFirst();
                    }
                    recentErrors.addLast(e);
                }
            }
        }
        return out;
    }

    /** When the earliest pending burst ends; empty when nothing is pending. */
    public Optional<Instant> nextFlush() {
        return bursts.values().stream().map(b -> b.endsAt(window)).min(Instant::compareTo);
    }

    /** The most recent error-like events (resets, errors, over-current, …), oldest first. */
    public List<UsbEvent> recentErrors() {
        return List.copyOf(recentErrors);
    }

    private int portFailures(String port) {
        PortHealth h = health.get(port);
        return h == null ? 0 : h.total;
    }

    private record Key(Change change, String port, int errno, String message) {
    }

    private static final class PortHealth {
        int total;
        boolean failing;
        boolean storming;
        final ArrayDeque<Instant> failures = new ArrayDeque<>();
        final ArrayDeque<Instant> disconnects = new ArrayDeque<>();
    }

    private static final class Burst {
        final UsbOccurrence first;
        Instant last;
        int count;
        final List<UsbOccurrence> devices = new ArrayList<>();

        Burst(UsbOccurrence first) {
            this.first = first;
            this.last = first.time();
            this.count = 1;
            devices.add(first);
        }

        void add(UsbOccurrence o) {
            count++;
            if (o.time().isAfter(last)) {
                last = o.time();
            }
            if (first.change() == Change.ADDED || first.change() == Change.REMOVED) {
                devices.add(o);
            }
        }

        Instant endsAt(Duration window) {
            Instant quiet = last.plus(first.change() == Change.DISCONNECT && REMOVE_GRACE.compareTo(window) > 0 ? REMOVE_GRACE : window);
            Instant cap = first.time().plus(window.multipliedBy(MAX_BURST_WINDOWS));
            return quiet.isBefore(cap) ? quiet : cap;
        }

        UsbEvent toEvent(int portFailures) {
            if (devices.size() > 1) {
                String port = UsbPorts.commonAncestor(devices.stream().map(UsbOccurrence::port).toList());
                StringBuilder list = new StringBuilder();
                for (int i = 0; i < devices.size() && i < LISTED_DEVICES; i++) {
                    UsbOccurrence d = devices.get(i);
                    list.append(i == 0 ? "" : ", ").append(d.port()).append(d.product().isEmpty() ? "" : " (" + d.product() + ")");
                }
                if (devices.size() > LISTED_DEVICES) {
                    list.append(", … ").append(devices.size() - LISTED_DEVICES).append(" more");
                }
                return new UsbEvent(first.time(), first.change(), port, "", list.toString(), 0, count, 0);
            }
            boolean failure = switch (first.change()) {
                case ENUMERATION_ERROR, CANNOT_ENUMERATE, RESET, OVER_CURRENT, ERROR, PORT_FAILING -> true;
                case ADDED, REMOVED, DISCONNECT, DISCONNECT_STORM -> false;
            };
            return new UsbEvent(first.time(), first.change(), first.port(), first.product(), first.message(),
                    first.errno(), count, failure ? portFailures : 0);
        }
    }
}
