package org.watchtray.nativeaccess.mounts;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.watchtray.core.event.Event;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.mounts.MountSource;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.EventLoop;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * The watchtray side of {@code bench/mounts}: a {@link MountSource} on a real {@link EventLoop}
 * printing one line per mount event, in findmnt's words ({@code mount PATH}, {@code umount PATH},
 * {@code remount PATH}, {@code move PATH}), flushed at once, so the driver times both the same way.
 * Bursts are not coalesced here (the benchmark changes one mount at a time, faster than a burst
 * window) and nothing is filtered as noise.
 *
 * <p>args: MECHANISMS (BEST, NO_FANOTIFY, FULL_REREAD). Prints {@code ready <status>} first; runs until killed.
 */
public final class MountMonitorMain {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        NativeAccess bindings = NativeAccess.linux();
        Settings.Mounts settings = new Settings.Mounts(List.of(), List.of(), Integer.MAX_VALUE, Duration.ofSeconds(1));
        MountSource source = new MountSource(bindings.libc(), bindings.mountTables(), bindings.mountNotifications(), settings,
                MountSource.Mechanisms.valueOf(args[0]));
        try (EventLoop poller = new EventLoop(bindings.libc(), Clock.systemUTC(), batch -> print(out, batch), bindings.threadScheduling())) {
            poller.add(source);
            poller.start();
            CountDownLatch started = new CountDownLatch(1);
            poller.execute(started::countDown);
            started.await();
            out.println("ready " + poller.statuses().getFirst().describe());
            out.flush();
            // Runs until the driver kills it.
            new CountDownLatch(1).await();
        }
    }

    private static void print(PrintStream out, List<Event> batch) {
        for (Event e : batch) {
            if (e instanceof MountEvent m) {
                String word = switch (m.change()) {
                    case MOUNTED -> "mount";
                    case UNMOUNTED, NETWORK_MOUNT_LOST -> "umount";
                    case MOVED -> "move";
                    case OPTIONS_CHANGED, REMOUNTED_READ_ONLY, REMOUNTED_READ_WRITE -> "remount";
                    case BURST -> "burst";
                };
                out.println(word + " " + m.mountPoint());
            }
        }
        out.flush();
    }
}
