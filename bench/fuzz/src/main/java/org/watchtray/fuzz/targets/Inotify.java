package org.watchtray.fuzz.targets;

import java.util.List;
import org.watchtray.core.os.InotifyEvent;
import org.watchtray.fuzz.Fixtures;
import org.watchtray.fuzz.Target;

/** A read() of an inotify descriptor (events with names padded by NULs). */
public final class Inotify implements Target {
    @Override
    public String name() {
        return "inotify";
    }

    @Override
    public List<byte[]> seeds() {
        return List.of(Fixtures.of("org.watchtray.core.os.InotifyEventTest", "TWO_EVENTS"));
    }

    @Override
    public void run(byte[] input) {
        InotifyEvent.decode(input, input.length);
    }
}
