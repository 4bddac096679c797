package org.watchtray.app.desktop;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.watchtray.app.feed.FeedConnection;
import org.watchtray.app.feed.FeedMessage;
import org.watchtray.app.feed.FeedSocket;
import org.watchtray.app.settings.SettingsProblem;
import org.watchtray.app.ui.WindowTrace;
import org.watchtray.core.event.Event;

/**
 * The windows in a process of their own, as the tray sees them. JavaFX cannot start again in a
 * JVM where it exited, and what it loads stays in the tray's memory; so the tray never starts
 * it: the first request for a window starts the window process ({@link WindowCommand}), which
 * connects to the window feed this class serves, and ends when its last window closes.
 *
 * <p>One window process per session: a second one (started by hand) is told {@code busy} and the
 * first is raised. A window process that dies is simply gone (the next request starts another);
 * one that does not answer a request within {@link #ANSWER} (stopped, or hung) is killed and
 * the request goes to a new one. One that cannot start (no display, no JavaFX) makes the
 * windows unavailable, which the tray menu says.
 */
public final class WindowProcess implements Windows {
    private static final System.Logger LOG = System.getLogger(WindowProcess.class.getName());
    /** How long a ready window process may take to show a window it was asked for. */
    static final Duration ANSWER = Duration.ofSeconds(20);
    /** How long a new window process may take to connect and start its toolkit. */
    static final Duration START = Duration.ofSeconds(90);
    /** Messages queued for a window process that reads nothing before it is taken as hung. */
    private static final int QUEUE = 10_000;

    /** Starts the window process (its command line, {@link WindowCommand}). */
    @FunctionalInterface
    interface Launcher {
        Process start(Path socket) throws IOException;
    }

    private final TrayHost host;
    private final Path socket;
    private final Launcher launcher;
    private final Consumer<String> unavailable;
    private final ScheduledExecutorService timer;
    private final ServerSocketChannel server;

    // Guarded by this.
    private final List<FeedMessage.Open> pending = new ArrayList<>();
    private final Map<Long, ScheduledFuture<?>> unanswered = new HashMap<>();
    /** The window processes whose toolkit came up: their ending is no failure to start. */
    private final java.util.Set<Long> readyPids = new java.util.HashSet<>();
    private Window current;
    private Process launched;
    /** Run once a window process has gone and the tray dropped what served it. */
    private final Runnable afterWindow;
    /** The {@link #START} deadline of {@link #launched}; cancelled once it is ready or gone, so an idle tray has no timer left. */
    private ScheduledFuture<?> startDeadline;
    private String unavailableReason;
    private SettingsProblem lastProblem;
    private long seq;
    private boolean closed;

    /** The window process that is the session's one, and what the tray feeds it. */
    private record Window(FeedConnection feed, long pid, List<AutoCloseable> subscriptions, boolean[] ready) {
    }

    private WindowProcess(TrayHost host, Path socket, Launcher launcher, Consumer<String> unavailable,
                          ScheduledExecutorService timer, ServerSocketChannel server, Runnable afterWindow) {
        this.host = host;
        this.afterWindow = afterWindow;
        this.socket = socket;
        this.launcher = launcher;
        this.unavailable = unavailable;
        this.timer = timer;
        this.server = server;
    }

    /**
     * Listens on {@code socket} for window processes; when it cannot, the windows are unavailable (and it says why).
     *
     * @param unavailable told why, when the windows cannot start here
     */
    static WindowProcess start(TrayHost host, Path socket, Launcher launcher, Consumer<String> unavailable,
                               ScheduledExecutorService timer) {
        return start(host, socket, launcher, unavailable, timer, () -> { });
    }

    /**
     * Like {@link #start(TrayHost, Path, Launcher, Consumer, ScheduledExecutorService)}; {@code afterWindow}
     * runs on the feed's thread each time a window process has gone.
     */
    static WindowProcess start(TrayHost host, Path socket, Launcher launcher, Consumer<String> unavailable,
                               ScheduledExecutorService timer, Runnable afterWindow) {
        ServerSocketChannel server;
        try {
            server = FeedSocket.listen(socket);
        } catch (IOException e) {
            WindowProcess none = new WindowProcess(host, socket, launcher, unavailable, timer, null, afterWindow);
            none.unavailable("the window feed cannot listen: " + e.getMessage());
            return none;
        }
        WindowProcess w = new WindowProcess(host, socket, launcher, unavailable, timer, server, afterWindow);
        Thread.ofPlatform().daemon().name("watchtray-window-feed").start(w::accept);
        return w;
    }

    /** Starts the window process of this JVM's command line. */
    static Process launch(Path socket) throws IOException {
        return new ProcessBuilder(WindowCommand.of(socket))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                // Standard output may be the tray's own channel (a test's); the window process logs to standard error.
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    @Override
    public void openTimeline(Event at) {
        request(FeedMessage.Target.TIMELINE, at);
    }

    @Override
    public void openSettings() {
        request(FeedMessage.Target.SETTINGS, null);
    }

    @Override
    public synchronized void settingsProblem(SettingsProblem p) {
        lastProblem = p;
        if (current != null) {
            current.feed().send(new FeedMessage.Problem(p));
        }
    }

    /** Why the windows cannot start here; later requests do nothing. */
    public synchronized void unavailable(String why) {
        if (unavailableReason == null) {
            unavailableReason = why;
            pending.clear();
            LOG.log(Level.WARNING, "the windows are unavailable: {0}", why);
            unavailable.accept(why);
        }
    }

    /** The window process that is the session's one (for tests): its pid, or -1. */
    public synchronized long pid() {
        return current == null ? -1 : current.pid();
    }

    private synchronized void request(FeedMessage.Target target, Event at) {
        if (closed || unavailableReason != null) {
            LOG.log(Level.INFO, "no window: {0}", closed ? "closing" : unavailableReason);
            return;
        }
        WindowTrace.mark("click");
        FeedMessage.Open open = new FeedMessage.Open(++seq, target, at);
        if (current != null) {
            send(current, open);
        } else {
            pending.add(open);
            if (launched == null) {
                launch();
            }
        }
    }

    private void launch() {
        Process p;
        try {
            p = launcher.start(socket);
        } catch (IOException e) {
            unavailable("the window process could not be started (" + e.getMessage() + ")");
            return;
        }
        WindowTrace.mark("spawned");
        launched = p;
        LOG.log(Level.INFO, "started the window process {0}", p.pid());
        p.onExit().thenAccept(this::exited);
        startDeadline = timer.schedule(() -> notConnected(p), START.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelStartDeadline() {
        if (startDeadline != null) {
            startDeadline.cancel(false);
            startDeadline = null;
        }
    }

    private synchronized void notConnected(Process p) {
        if (launched == p && !readyPids.contains(p.pid()) && p.isAlive()) {
            unavailable("the window process did not start within " + START.toSeconds() + " s");
            p.destroyForcibly();
        }
    }

    private synchronized void exited(Process p) {
        boolean wasReady = readyPids.remove(p.pid());
        if (launched != p) {
            return;
        }
        launched = null;
        cancelStartDeadline();
        if (!wasReady && p.exitValue() != 0 && !closed) {
            // It ended before it could say why (a JVM that cannot find JavaFX ends before or in main).
            unavailable("the window process ended with status " + p.exitValue() + " before its window was ready");
        } else if ((current == null || current.pid() != p.pid()) && !pending.isEmpty() && !closed) {
            launch();
        }
    }

    private void accept() {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "the window feed stopped accepting: {0}", e.toString());
                return;
            }
            try {
                if (!FeedSocket.samePeer(ch)) {
                    LOG.log(Level.WARNING, "a process of another user connected to the window feed; refused");
                    ch.close();
                    continue;
                }
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "window feed peer: {0}", e.toString());
                continue;
            }
            FeedConnection feed = new FeedConnection(ch, QUEUE, "watchtray-window");
            feed.start(m -> fromWindow(feed, m), () -> disconnected(feed));
        }
    }

    private void fromWindow(FeedConnection feed, FeedMessage message) {
        if (!(message instanceof FeedMessage.ToTray m)) {
            LOG.log(Level.DEBUG, "a window process sent what only the tray sends: {0}", message.getClass().getSimpleName());
            return;
        }
        switch (m) {
            case FeedMessage.Hello h -> hello(feed, h);
            case FeedMessage.Ready r -> ready(feed);
            case FeedMessage.Shown s -> {
                WindowTrace.mark("told-shown");
                WindowTrace.print("tray", false);
                answered(s.seq());
            }
            case FeedMessage.Seen s -> host.seen();
            case FeedMessage.MarkAllRead r -> host.markAllRead();
            case FeedMessage.ApplySettings a -> {
                var after = host.settings().update(s -> a.settings());
                feed.send(new FeedMessage.SettingsChanged(a.seq(), after, host.settings().saved()));
            }
            case FeedMessage.SyncHistory s -> Thread.ofVirtual().name("watchtray-history-sync").start(() -> {
                WindowTrace.mark("sync-asked");
                try {
                    host.awaitWritten();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                WindowTrace.mark("sync-written");
                feed.send(new FeedMessage.HistoryWritten(s.seq()));
            });
            case FeedMessage.Unavailable u -> {
                unavailable(u.reason());
                feed.close();
            }
        }
    }

    private synchronized void hello(FeedConnection feed, FeedMessage.Hello h) {
        if (closed) {
            feed.close();
            return;
        }
        if (current != null) {
            // A second window process (started by hand): the first stays, and comes to the front.
            LOG.log(Level.INFO, "a second window process ({0}) was told to leave; raising {1}", h.pid(), current.pid());
            feed.finish(new FeedMessage.Busy());
            send(current, new FeedMessage.Open(++seq, FeedMessage.Target.TIMELINE, null));
            return;
        }
        WindowTrace.mark("hello");
        Window w = new Window(feed, h.pid(), new ArrayList<>(), new boolean[1]);
        current = w;
        LOG.log(Level.INFO, "the window process {0} connected", h.pid());
        w.subscriptions().add(host.zone().listen(z -> zoneChanged(feed)));
        feed.send(new FeedMessage.Welcome(host.historyFile() == null ? null : host.historyFile().toString(),
                host.settings().current(), host.statuses(), host.zone().current()));
        w.subscriptions().add(host.settings().listen(s -> feed.send(new FeedMessage.SettingsChanged(0, s, host.settings().saved()))));
        w.subscriptions().add(host.subscribe(batch -> feed.send(new FeedMessage.Events(batch))));
        if (lastProblem != null) {
            feed.send(new FeedMessage.Problem(lastProblem));
        }
        if (h.openTimeline() && pending.isEmpty()) {
            pending.add(new FeedMessage.Open(++seq, FeedMessage.Target.TIMELINE, null));
        }
        pending.forEach(o -> send(w, o));
        pending.clear();
    }

    /**
     * Tells a window process the zone now. Read under the lock that {@link #hello} holds while it
     * sends the welcome's zone, so the last zone a window process is told is the newest, however
     * a change and a welcome interleave.
     */
    private synchronized void zoneChanged(FeedConnection feed) {
        feed.send(new FeedMessage.ZoneChanged(host.zone().current()));
    }

    private synchronized void ready(FeedConnection feed) {
        if (current != null && current.feed() == feed) {
            current.ready()[0] = true;
            readyPids.add(current.pid());
            if (launched != null && launched.pid() == current.pid()) {
                cancelStartDeadline();
            }
            // Requests sent while its toolkit started are timed from now.
            List.copyOf(unanswered.keySet()).forEach(this::timeAnswer);
        }
    }

    private synchronized void send(Window w, FeedMessage.Open open) {
        unanswered.put(open.seq(), null);
        if (w.ready()[0]) {
            timeAnswer(open.seq());
        }
        if (!w.feed().send(open)) {
            // Its connection is closing: the request waits for the next window process.
            unanswered.remove(open.seq());
            pending.add(open);
            if (current == null && launched == null && !closed && unavailableReason == null) {
                launch();
            }
        }
    }

    private void timeAnswer(long openSeq) {
        ScheduledFuture<?> before = unanswered.put(openSeq,
                timer.schedule(() -> notAnswered(openSeq), ANSWER.toMillis(), TimeUnit.MILLISECONDS));
        if (before != null) {
            before.cancel(false);
        }
    }

    private synchronized void answered(long openSeq) {
        ScheduledFuture<?> t = unanswered.remove(openSeq);
        if (t != null) {
            t.cancel(false);
        }
    }

    /** A window process that does not show what it was asked to within {@link #ANSWER} is hung (or stopped): it goes. */
    private synchronized void notAnswered(long openSeq) {
        if (!unanswered.containsKey(openSeq) || current == null) {
            return;
        }
        Window w = current;
        LOG.log(Level.WARNING, "the window process {0} did not answer within {1} s; ending it and starting another",
                w.pid(), ANSWER.toSeconds());
        pending.add(new FeedMessage.Open(++seq, FeedMessage.Target.TIMELINE, null));
        ProcessHandle.of(w.pid()).ifPresent(ProcessHandle::destroyForcibly);
        w.feed().close();   // exited() (or, for one started by hand, disconnected()) starts the next one
    }

    private void disconnected(FeedConnection feed) {
        Window w;
        synchronized (this) {
            if (current == null || current.feed() != feed) {
                return;
            }
            w = current;
            current = null;
            unanswered.values().stream().filter(t -> t != null).forEach(t -> t.cancel(false));
            unanswered.clear();
            LOG.log(Level.INFO, "the window process {0} is gone", w.pid());
            if (launched == null || launched.pid() != w.pid()) {
                readyPids.remove(w.pid());   // not ours to see exit (started by hand, or already reaped)
            }
            // A process the tray started is followed to its exit (exited() starts the next one then);
            // one started by hand is done with here.
            if (!pending.isEmpty() && !closed && unavailableReason == null && launched == null) {
                launch();
            }
        }
        for (AutoCloseable c : w.subscriptions()) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "ending a window subscription: {0}", e.toString());
            }
        }
        afterWindow.run();
    }

    /** Asks the window process to close its windows and stops serving the feed. */
    @Override
    public void close() {
        Window w;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
            w = current;
        }
        try {
            if (server != null) {
                server.close();
                Files.deleteIfExists(socket);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the window feed: {0}", e.toString());
        }
        if (w != null) {
            w.feed().finish(new FeedMessage.Close());
        }
    }
}
