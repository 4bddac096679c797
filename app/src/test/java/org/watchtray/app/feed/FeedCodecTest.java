package org.watchtray.app.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.app.settings.SettingsProblem;
import org.watchtray.app.testing.Events;
import org.watchtray.app.testing.SampleEvents;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.source.SourceStatus;

/** Every message of the window feed survives its line: what the window gets equals what the tray sent. */
class FeedCodecTest {
    private final FeedCodec codec = new FeedCodec();

    private FeedMessage roundTrip(FeedMessage m) {
        String line = codec.encode(m);
        assertFalse(line.contains("\n"), "one line: " + line);
        return codec.decode(line);
    }

    @Test
    void everyMessageRoundTrips() {
        Settings changed = SettingsBuilder.from(Settings.defaults()).toasts(SourceId.USB, false)
                .minToastSeverity(Severity.CRITICAL)
                .unknown(java.util.Map.of("from_a_newer_version", com.fasterxml.jackson.databind.node.TextNode.valueOf("kept"))).build();
        List<FeedMessage> all = List.of(
                new FeedMessage.Hello(4242, true), new FeedMessage.Ready(), new FeedMessage.Shown(7), new FeedMessage.Seen(),
                new FeedMessage.MarkAllRead(), new FeedMessage.ApplySettings(3, changed), new FeedMessage.SyncHistory(9),
                new FeedMessage.Unavailable("JavaFX: Unable to open DISPLAY"),
                new FeedMessage.Welcome("/home/u/.local/state/watchtray/history.db", Settings.defaults(), List.of(
                        SourceStatus.active(SourceId.MOUNTS, "fanotify"),
                        new SourceStatus(SourceId.KEYS, SourceStatus.State.DEGRADED, "polling /proc/keys every 60 s", "no CONFIG_WATCH_QUEUE")), java.time.ZoneId.of("Europe/Berlin")),
                new FeedMessage.Welcome(null, changed, List.of(), java.time.ZoneOffset.ofHours(-3)),
                new FeedMessage.Busy(),
                new FeedMessage.Open(1, FeedMessage.Target.TIMELINE, Events.remountedReadOnly("/srv/data", Events.T0)),
                new FeedMessage.Open(2, FeedMessage.Target.SETTINGS, null),
                new FeedMessage.Events(SampleEvents.everyFamily(Events.T0)),
                new FeedMessage.SettingsChanged(0, changed, false),
                new FeedMessage.Problem(new SettingsProblem(SettingsProblem.Kind.CORRUPT, Path.of("/home/u/.config/watchtray/settings.json"),
                        "line 1: unexpected end", Path.of("/home/u/.config/watchtray/settings.json.corrupt-1"))),
                new FeedMessage.Problem(new SettingsProblem(SettingsProblem.Kind.NOT_SAVED, Path.of("/ro/settings.json"), "read-only file system", null)),
                new FeedMessage.HistoryWritten(9), new FeedMessage.ZoneChanged(java.time.ZoneId.of("America/Argentina/Buenos_Aires")),
                new FeedMessage.Close());
        for (FeedMessage m : all) {
            assertEquals(m, roundTrip(m));
        }
    }

    @Test
    void aLineOfAnotherVersionIsRefusedWithItsReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode("{\"type\":\"teleport\"}"));
        assertEquals("unknown feed message type 'teleport'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> codec.decode("not json"));
        IllegalArgumentException zone = assertThrows(IllegalArgumentException.class,
                () -> codec.decode("{\"type\":\"zone\",\"zone\":\"../../etc/passwd\"}"));
        assertTrue(zone.getMessage().startsWith("a feed line names no time zone ('../../etc/passwd')"), zone.getMessage());
        assertThrows(IllegalArgumentException.class, () -> codec.decode("{\"type\":\"zone\"}"));
    }
}
