package org.watchtray.core.source;

import org.watchtray.core.settings.Settings;

/** A source whose behaviour follows the settings live (kernel filter, watch list, thresholds). */
public interface Reconfigurable {
    /** Called on the backend thread after the user changed settings. */
    void reconfigure(Settings settings);
}
