package org.watchtray.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.watchtray.core.event.Event;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.testing.LogCapture;

class EventHubTest {
    private final LogCapture log = LogCapture.of(EventHub.class);
    private final List<String> problems = log.lines();

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    private static Event mount(String path) {
        return new MountEvent(Instant.EPOCH, MountEvent.Change.MOUNTED, 1, path, null, "tmpfs", "tmpfs", "rw", null);
    }

    private static Event status() {
        return new SourceStatusEvent(Instant.EPOCH, SourceStatus.active(SourceId.MOUNTS, "poll(POLLPRI)"));
    }

    @Test
    void aThrowingSubscriberIsLoggedAndTheOthersStillGetTheBatch() {
        EventHub hub = new EventHub(EventFilter.ACCEPT_ALL);
        List<Event> before = new ArrayList<>();
        List<Event> after = new ArrayList<>();
        hub.subscribe("before", before::addAll);
        hub.subscribe("broken", batch -> {
            throw new IllegalStateException("boom");
        });
        hub.subscribe("after", after::addAll);

        hub.publish(mount("/mnt/a"));
        hub.publish(mount("/mnt/b"));

        assertEquals(2, before.size());
        assertEquals(2, after.size());
        assertEquals(2, problems.size());
        assertTrue(problems.getFirst().contains("subscriber 'broken' failed on 1 event(s)"), problems.toString());
        assertTrue(problems.getFirst().contains("boom"), problems.toString());
    }

    @Test
    void theTimelineFilterDropsSwitchedOffSourcesButNeverWatchtraysOwnEvents() {
        Settings mountsOff = SettingsBuilder.from(Settings.defaults()).timeline(SourceId.MOUNTS, false).build();
        EventHub hub = new EventHub(TimelineFilter.from(mountsOff));
        List<List<Event>> batches = new ArrayList<>();
        hub.subscribe("timeline", batches::add);

        hub.accept(List.of(mount("/mnt/a"), status(), mount("/mnt/b")));
        hub.accept(List.of(mount("/mnt/c")));

        assertEquals(1, batches.size(), "a batch the filter empties reaches nobody");
        assertEquals(List.of(status()), batches.getFirst());
    }

    @Test
    void aNewFilterAppliesToTheNextBatchAndLeavingStopsDelivery() throws Exception {
        EventHub hub = new EventHub(e -> false);
        List<Event> seen = new ArrayList<>();
        AutoCloseable subscription = hub.subscribe("s", seen::addAll);
        hub.publish(mount("/mnt/a"));
        hub.setFilter(EventFilter.ACCEPT_ALL);
        hub.publish(mount("/mnt/b"));
        subscription.close();
        hub.publish(mount("/mnt/c"));
        assertEquals(List.of(mount("/mnt/b")), seen);
        assertEquals(List.of(), problems);
    }

    @Test
    void subscribersGetAnUnmodifiableView() {
        EventHub hub = new EventHub(EventFilter.ACCEPT_ALL);
        List<Event> source = new ArrayList<>(List.of(mount("/mnt/a")));
        hub.subscribe("mutator", batch -> batch.add(mount("/evil")));
        List<Event> seen = new ArrayList<>();
        hub.subscribe("reader", seen::addAll);
        hub.accept(source);
        assertEquals(1, seen.size(), "one subscriber cannot change what the next one sees");
        assertEquals(1, problems.size());
    }
}
