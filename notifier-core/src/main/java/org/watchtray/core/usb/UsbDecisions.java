package org.watchtray.core.usb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.watchtray.core.event.DecodeProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.parse.Parsed;
import org.watchtray.core.settings.Settings;

/**
 * Decides USB events from readings with one burst window: a desktop's with its user's
 * setting, the agent's with its own. Parses each kernel record and feeds the
 * {@link UsbTracker}, which merges bursts; events come out of {@link #flush} at
 * {@link #nextFlush}. It knows which devices are present, so a later device list (after a
 * loss, or from a restarted agent) announces what came and went unseen; the first list is only
 * remembered. A kernel-log record it has already seen (a replay after a loss or a reconnect)
 * is not counted twice: the kernel's sequence numbers say which are new.
 */
public final class UsbDecisions {
    private final UsbTracker tracker;
    /** Devices present, with their product names; null until the first list. */
    private Map<String, String> present;
    private long lastSequence = -1;

    public UsbDecisions(Settings.Usb settings) {
        this.tracker = new UsbTracker(settings);
    }

    /** Takes one reading; returns what could not be decoded (events themselves come from {@link #flush}). */
    public List<Event> accept(UsbReading reading) {
        List<Event> problems = new ArrayList<>();
        switch (reading) {
            case UsbReading.KernelLogRecord k -> {
                byte[] bytes = k.record().value();
                switch (KmsgParser.parse(bytes, bytes.length)) {
                    case Parsed.Ok<KmsgRecord> ok -> {
                        if (ok.value().sequence() > lastSequence) {
                            lastSequence = ok.value().sequence();
                            tracker.kmsg(ok.value(), k.time());
                        }
                    }
                    case Parsed.Malformed<KmsgRecord> bad -> problems.add(new DecodeProblem(k.time(), SourceId.USB, bad.offset(),
                            "kernel log record: " + bad.problem(), k.record()));
                }
            }
            case UsbReading.UeventDatagram u -> {
                byte[] bytes = u.datagram().value();
                switch (UeventParser.parse(bytes, bytes.length)) {
                    case Parsed.Ok<Uevent> ok -> uevent(ok.value(), u.product(), u.time());
                    case Parsed.Malformed<Uevent> bad -> problems.add(new DecodeProblem(u.time(), SourceId.USB, bad.offset(),
                            "uevent: " + bad.problem(), u.datagram()));
                }
            }
            case UsbReading.Devices d -> devices(d);
        }
        return problems;
    }

    private void uevent(Uevent u, String product, Instant time) {
        if (present != null && u.subsystem().equals("usb") && u.devtype().equals("usb_device")) {
            if (u.action().equals("add")) {
                present.put(u.deviceName(), product);
            } else if (u.action().equals("remove")) {
                present.remove(u.deviceName());
            }
        }
        tracker.uevent(u, product, time);
    }

    private void devices(UsbReading.Devices d) {
        if (present != null) {
            for (var e : d.present().entrySet()) {
                if (!present.containsKey(e.getKey())) {
                    tracker.add(new UsbOccurrence(d.time(), UsbEvent.Change.ADDED, e.getKey(), e.getValue(), "found on resync", 0));
                }
            }
            for (var e : present.entrySet()) {
                if (!d.present().containsKey(e.getKey())) {
                    tracker.add(new UsbOccurrence(d.time(), UsbEvent.Change.REMOVED, e.getKey(), e.getValue(), "missing on resync", 0));
                }
            }
        }
        present = new HashMap<>(d.present());
        d.present().forEach(tracker::present);
    }

    /** The bursts that have ended by {@code now}, oldest first. */
    public List<Event> flush(Instant now) {
        return new ArrayList<>(tracker.flush(now));
    }

    /** When the earliest pending burst ends; empty when nothing is pending. */
    public Optional<Instant> nextFlush() {
        return tracker.nextFlush();
    }

    /** A new burst window, effective at once (call {@link #flush} and reschedule after it). */
    public void reconfigure(Settings.Usb settings) {
        tracker.reconfigure(settings);
    }

    /** The most recent error-like events, for a subscriber that connects late. */
    public List<Event> currentState() {
        return new ArrayList<>(tracker.recentErrors());
    }
}
