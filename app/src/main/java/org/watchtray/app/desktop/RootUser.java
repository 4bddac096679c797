package org.watchtray.app.desktop;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.watchtray.app.text.Messages;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.source.SourceStatus;

/** Tells whether watchtray runs as root, which it is not meant to (it watches one desktop user's things). */
final class RootUser {
    private static final System.Logger LOG = System.getLogger(RootUser.class.getName());

    private RootUser() {
    }

    /**
     * The status record for the timeline when this process runs as root, in English (the history
     * keeps English; the app translates); empty otherwise, or when the user id cannot be told.
     */
    static Optional<SourceStatusEvent> warning(Clock clock, Messages english) {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                return Optional.empty();
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.DEBUG, "cannot tell the user id: {0}", e.toString());
            return Optional.empty();
        }
        LOG.log(Level.WARNING, "watchtray is running as root; it is meant to run as the desktop user");
        return Optional.of(new SourceStatusEvent(clock.instant(), new SourceStatus(SourceId.META, SourceStatus.State.DEGRADED,
                english.text("phrase.app.root"), english.text("phrase.app.root.why"))));
    }
}
