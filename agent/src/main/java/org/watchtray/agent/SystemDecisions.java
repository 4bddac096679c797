package org.watchtray.agent;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.DurationText;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.NextDeadline;
import org.watchtray.core.source.Reading;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.thinpool.ThinPoolDecisions;
import org.watchtray.core.thinpool.ThinPoolReading;
import org.watchtray.core.usb.UsbDecisions;
import org.watchtray.core.usb.UsbReading;

/**
 * The agent's own decisions, with its own thresholds and burst window (its command line): the
 * same deciders a desktop runs, fed the same readings. Their events go into the agent's event
 * stream, which is what it does system-wide (journal, hooks and metrics attach there) and what
 * desktops of protocol 1, which cannot decide themselves, are sent.
 */
final class SystemDecisions {
    private final Settings.ThinPool thresholds;
    private final Settings.Usb burstWindow;
    private final ThinPoolDecisions pools;
    private final UsbDecisions usb;
    private final NextDeadline usbFlush = new NextDeadline();

    SystemDecisions(Settings.ThinPool thresholds, Settings.Usb burstWindow) {
        this.thresholds = thresholds;
        this.burstWindow = burstWindow;
        this.pools = new ThinPoolDecisions(thresholds);
        this.usb = new UsbDecisions(burstWindow);
    }

    /** Decides from one reading; the events go out through the reading source's context. */
    void accept(Reading reading, SourceContext context) {
        switch (reading) {
            case ThinPoolReading p -> pools.accept(p).forEach(context::emit);
            case UsbReading u -> {
                usb.accept(u).forEach(context::emit);
                releaseUsb(context);
            }
        }
    }

    private void releaseUsb(SourceContext context) {
        usb.flush(context.clock().instant()).forEach(context::emit);
        usbFlush.set(context, usb.nextFlush().orElse(null), () -> releaseUsb(context));
    }

    /** What holds now by the agent's decisions, for a desktop of protocol 1 that connects. */
    List<Event> currentState(SourceId id, Instant now) {
        return switch (id) {
            case THINPOOL -> pools.currentState(now);
            case USB -> usb.currentState();
            default -> List.of();
        };
    }

    /** The settings these decisions follow, as a desktop of protocol 1 is told. */
    String settings(SourceId id) {
        return switch (id) {
            case THINPOOL -> "thin-pool thresholds (data " + percentages(thresholds.dataThresholds()) + ", metadata "
                    + percentages(thresholds.metadataThresholds()) + ")";
            case USB -> "USB burst window (" + DurationText.format(burstWindow.burstWindow()) + ")";
            default -> "settings";
        };
    }

    private static String percentages(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " %";
    }
}
