package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.testing.DesktopSession;
import org.watchtray.app.wiring.Backend;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.history.HistoryStore;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.source.EventLoop;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * What watchtray finds while it starts, before its settings are loaded, is not lost: the hub's
 * subscribers that record and show events are in place before the settings load, so a broken
 * settings file (found while loading) reaches the history and a toast, with no holding back.
 */
@Tag("xvfb")
class StartUpNoticesTest {
    /** What loading says of an invalid file (the file watch keeps it aside and says so seconds later, which is not this). */
    private static final String LOAD_PROBLEM = " could not be used";

    @TempDir
    Path tmp;

    @Test
    void aProblemFoundWhileTheSettingsLoadReachesTheHistoryAndAToast() throws Exception {
        Path settingsFile = Files.createDirectories(tmp.resolve("config/watchtray")).resolve("settings.json");
        Files.writeString(settingsFile, "{\"min_toast_severity\": ");
        Path historyFile = tmp.resolve("state/watchtray/history.db");
        try (DesktopSession s = DesktopSession.start(tmp).withX().withDunst(true).withWatcher()) {
            Environment env = s.appEnvironment();
            Clock clock = Clock.systemDefaultZone();
            DesktopApp.Config config = new DesktopApp.Config(env, clock,
                    (hub, settings) -> new Backend(hub, new EventLoop(NativeAccess.linux().libc(), clock, hub), List.of()), "watchtray", ProcessHandle.current().pid(), (ticket, settings) -> Optional.of("no KDC here"),
                    DesktopApp.WindowPlace.OWN_PROCESS);

            try (DesktopApp app = DesktopApp.start(config).orElseThrow()) {
                assertTrue(DesktopSession.eventually(Duration.ofSeconds(30), () -> {
                    try {
                        return s.dunstSeen().stream().anyMatch(t -> "watchtray settings".equals(t.get("DUNST_SUMMARY"))
                                && t.getOrDefault("DUNST_BODY", "").contains(LOAD_PROBLEM));
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }), () -> "a toast says the settings file could not be used; toasts: " + quietly(s));
            }
            // Closing the app wrote what its history writer held.
            try (SqliteHistoryStore history = SqliteHistoryStore.openReadOnly(historyFile, clock)) {
                List<String> said = history.query(new HistoryStore.Query(null, null, java.util.Set.of(SourceId.META), null, null, 100))
                        .stream().map(HistoryStore.StoredEvent::event)
                        .filter(e -> e instanceof SourceStatusEvent).map(e -> ((SourceStatusEvent) e).status().reason()).toList();
                assertEquals(1, said.stream().filter(r -> r.contains(settingsFile + LOAD_PROBLEM)).count(),
                        "the history keeps the problem found while loading, once: " + said);
            }
        }
    }

    private static String quietly(DesktopSession s) {
        try {
            return s.dunstSeen().toString();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
