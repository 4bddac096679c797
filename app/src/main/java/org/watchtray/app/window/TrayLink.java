package org.watchtray.app.window;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.watchtray.app.desktop.DesktopWindows;
import org.watchtray.app.feed.FeedConnection;
import org.watchtray.app.feed.FeedMessage;
import org.watchtray.app.history.SqliteHistoryStore;
import org.watchtray.app.settings.LiveSettings;
import org.watchtray.app.settings.SettingsProblem;
import org.watchtray.app.ui.WindowTrace;
import org.watchtray.app.ui.timeline.HistoryPages;
import org.watchtray.app.ui.timeline.StorePages;
import org.watchtray.core.history.HistoryStore;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.time.SystemZone;

/**
 * The tray as the window process sees it, over the window feed: live events, settings and the
 * system's time zone (the tray watches it, so this process needs no watch) come in; the user's
 * commands (mark read, seen, a settings change) go out. The history is read from its file,
 * read-only, once the tray has written what it had.
 */
final class TrayLink implements DesktopWindows.Host, LiveSettings {
    private static final System.Logger LOG = System.getLogger(TrayLink.class.getName());
    /** How long the window waits for the tray to answer (it answers at once unless it is hung). */
    private static final Duration ANSWER = Duration.ofSeconds(10);

    private final FeedConnection feed;
    private final SystemZone zone;
    private final Clock clock;
    private final CompletableFuture<FeedMessage.Welcome> welcome = new CompletableFuture<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CopyOnWriteArrayList<EventSink> sinks = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Settings>> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, CompletableFuture<Boolean>> answers = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    /** The history readers {@link #preparePages()} is opening, until {@link #pages()} takes them. */
    private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<HistoryPages>> prepared =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile Settings current;
    private volatile boolean saved = true;
    // Until the windows exist, what is for them waits here (guarded by this).
    private final java.util.List<FeedMessage> early = new java.util.ArrayList<>();
    private Consumer<FeedMessage.Open> opens;
    private Consumer<SettingsProblem> problems;

    /** @param zone the window process's zone, which the tray's welcome and zone changes move */
    TrayLink(FeedConnection feed, SystemZone zone) {
        this.feed = feed;
        this.zone = zone;
        this.clock = zone.clock();
    }

    /** The tray's welcome, or empty when another window process is the session's one (it was raised). */
    java.util.Optional<FeedMessage.Welcome> awaitWelcome() throws InterruptedException, TimeoutException {
        try {
            return java.util.Optional.ofNullable(welcome.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Where requests to show a window and settings problems go, once the windows exist. */
    void windows(Consumer<FeedMessage.Open> opens, Consumer<SettingsProblem> problems) {
        List<FeedMessage> waiting;
        synchronized (this) {
            this.opens = opens;
            this.problems = problems;
            waiting = List.copyOf(early);
            early.clear();
        }
        waiting.forEach(this::toWindows);
    }

    /** A request for the windows: to them, or kept until they exist. */
    private void toWindows(FeedMessage m) {
        Consumer<FeedMessage.Open> o;
        Consumer<SettingsProblem> p;
        synchronized (this) {
            if (opens == null) {
                early.add(m);
                return;
            }
            o = opens;
            p = problems;
        }
        switch (m) {
            case FeedMessage.Open open -> o.accept(open);
            case FeedMessage.Problem problem -> p.accept(problem.problem());
            default -> throw new IllegalArgumentException("not for the windows: " + m);
        }
    }

    /** Waits until the tray asks the windows to close or is gone. */
    void awaitEnd() throws InterruptedException {
        ended.await();
    }

    CountDownLatch ended() {
        return ended;
    }

    void accept(FeedMessage message) {
        if (!(message instanceof FeedMessage.ToWindow m)) {
            LOG.log(Level.DEBUG, "the tray sent what only a window process sends: {0}", message.getClass().getSimpleName());
            return;
        }
        switch (m) {
            case FeedMessage.Welcome w -> {
                current = w.settings();
                zone.told(w.zone());
                welcome.complete(w);
            }
            case FeedMessage.Busy b -> welcome.complete(null);
            case FeedMessage.Open o -> toWindows(o);
            case FeedMessage.Events e -> sinks.forEach(s -> s.accept(e.batch()));
            case FeedMessage.SettingsChanged c -> {
                Settings before = current;
                current = c.settings();
                saved = c.saved();
                CompletableFuture<Boolean> answer = c.answering() == 0 ? null : answers.remove(c.answering());
                if (answer != null) {
                    answer.complete(c.saved());
                }
                if (!c.settings().equals(before)) {
                    listeners.forEach(l -> l.accept(c.settings()));
                }
            }
            case FeedMessage.Problem p -> toWindows(p);
            case FeedMessage.HistoryWritten h -> {
                CompletableFuture<Boolean> answer = answers.remove(h.seq());
                if (answer != null) {
                    answer.complete(true);
                }
            }
            case FeedMessage.ZoneChanged z -> zone.told(z.zone());
            case FeedMessage.Close c -> ended.countDown();
        }
    }

    /** The tray is gone (it quit, or died): the windows go with it. */
    void closed() {
        welcome.complete(null);
        answers.values().forEach(a -> a.complete(false));
        ended.countDown();
    }

    @Override
    public AutoCloseable subscribe(EventSink sink) {
        sinks.add(sink);
        return () -> sinks.remove(sink);
    }

    @Override
    public List<HistoryStore.StoredEvent> recentHistory(int limit) throws InterruptedException {
        long s = seq.incrementAndGet();
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        answers.put(s, written);
        feed.send(new FeedMessage.SyncHistory(s));
        await(written);
        WindowTrace.mark("synced");
        String file = historyFile();
        if (file == null) {
            return List.of();
        }
        try (SqliteHistoryStore store = SqliteHistoryStore.openLiveReader(Path.of(file), clock)) {
            return store.query(HistoryStore.Query.all(limit));
        }
    }

    /**
     * Opens the timeline's history readers in the background, for the first {@link #pages()} to
     * take: SQLite's driver and native library load at once, while the tray answers and the toolkit
     * starts; the two connections open as soon as the welcome names the file. The window's first
     * frame then need not wait for them on the FX thread.
     */
    void preparePages() {
        CompletableFuture<HistoryPages> p = new CompletableFuture<>();
        prepared.set(p);
        Thread.ofPlatform().name("watchtray-history-open").daemon().start(() -> {
            HistoryPages pages = null;
            try {
                SqliteHistoryStore.loadDriver();
                WindowTrace.mark("sqlite");
                if (welcome.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS) != null) {
                    pages = openPages();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                LOG.log(Level.DEBUG, "the history was not opened ahead: {0}", e.toString());
            } finally {
                p.complete(pages);
            }
        });
    }

    /** Two read-only readers of the history file, as the tray's own timeline pages with two readers of its store. */
    @Override
    public HistoryPages pages() {
        CompletableFuture<HistoryPages> p = prepared.getAndSet(null);
        return p != null ? p.join() : openPages();
    }

    private HistoryPages openPages() {
        String file = historyFile();
        if (file == null) {
            return null;
        }
        try {
            HistoryPages pages = new StorePages(SqliteHistoryStore.openLiveReader(Path.of(file), clock),
                    SqliteHistoryStore.openLiveReader(Path.of(file), clock));
            WindowTrace.mark("pages-open");
            return pages;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the history cannot be paged: {0}", e.toString());
            return null;
        }
    }

    /** The history file the welcome named; null before the welcome or when the tray keeps none. */
    private String historyFile() {
        FeedMessage.Welcome w = welcome.getNow(null);
        return w == null ? null : w.historyFile();
    }

    @Override
    public List<SourceStatus> statuses() {
        FeedMessage.Welcome w = welcome.getNow(null);
        return w == null ? List.of() : w.statuses();
    }

    @Override
    public void markAllRead() {
        feed.send(new FeedMessage.MarkAllRead());
    }

    @Override
    public void seen() {
        feed.send(new FeedMessage.Seen());
    }

    @Override
    public LiveSettings settings() {
        return this;
    }

    @Override
    public Settings current() {
        return current;
    }

    @Override
    public boolean saved() {
        return saved;
    }

    @Override
    public AutoCloseable listen(Consumer<Settings> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Sends the change to the tray (which owns the file) and waits for its answer. */
    @Override
    public Settings update(UnaryOperator<Settings> change) {
        Settings before = current;
        Settings after = change.apply(before);
        if (after.equals(before)) {
            return before;
        }
        long s = seq.incrementAndGet();
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        answers.put(s, answer);
        current = after;
        if (!feed.send(new FeedMessage.ApplySettings(s, after))) {
            saved = false;
            return after;
        }
        try {
            if (!await(answer)) {
                saved = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            saved = false;
        }
        return current;
    }

    /** The answer, or false when the tray did not give it in time. */
    private boolean await(CompletableFuture<Boolean> answer) throws InterruptedException {
        try {
            return answer.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "the tray did not answer within {0} s", ANSWER.toSeconds());
            return false;
        }
    }
}
