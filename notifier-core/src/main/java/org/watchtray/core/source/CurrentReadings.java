package org.watchtray.core.source;

import java.util.List;

/**
 * A reading source that can repeat the readings that describe what holds now (each pool's
 * last reading, the USB devices present), so a subscriber that connects late decides from the
 * same facts. Called on the backend thread.
 */
public interface CurrentReadings {
    List<Reading> currentReadings();
}
