package org.watchtray.core.source;

import java.time.Instant;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.thinpool.ThinPoolReading;
import org.watchtray.core.usb.UsbReading;

/**
 * What a source read from the kernel, with the time it read it, before anything was decided
 * about it. watchtray-agent serves readings; each desktop decides from them with its user's
 * settings (thresholds, burst window), and the agent decides from the same readings with its
 * own settings for what it does system-wide.
 */
public sealed interface Reading permits ThinPoolReading, UsbReading {

    Instant time();

    /** The source that took the reading. */
    SourceId source();
}
