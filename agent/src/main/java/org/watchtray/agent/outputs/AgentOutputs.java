package org.watchtray.agent.outputs;

import org.watchtray.core.journal.JournalSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.export.EventDocument;
import org.watchtray.core.hooks.HookRunner;
import org.watchtray.core.hooks.HookSpec;
import org.watchtray.core.journal.JournalEntries;
import org.watchtray.core.journal.JournalWriter;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * What the agent sends beyond its socket, as one subscriber of its events: every event to the
 * system journal (as {@code watchtray-agent}), the admin's system-wide hooks, and the
 * Prometheus textfile. None of it runs on the backend thread for long: the journal and the
 * textfile have their own threads, hooks run on virtual threads. Reports of the journal and the
 * hooks (status changes, failures) are logged and come back through the backend thread, so they
 * are journaled too.
 */
public final class AgentOutputs implements EventSink, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentOutputs.class.getName());

    /**
     * @param journal         whether events go to the journal
     * @param journalSocket   journald's socket ({@link JournalSink#SOCKET}; tests use a private one)
     * @param hooks           the admin's system-wide hooks
     * @param metricsTextfile where the Prometheus textfile goes, or null for none
     * @param metricsRefresh  how often pool usage is re-read from the thin-pool source for the textfile
     */
    public record Config(boolean journal, Path journalSocket, List<HookSpec> hooks, Path metricsTextfile, Duration metricsRefresh) {
        public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(60);

        public Config {
            hooks = List.copyOf(hooks);
            Objects.requireNonNull(journalSocket);
            Objects.requireNonNull(metricsRefresh);
        }

        /** The journal on, no hooks, no textfile: what the agent does without a config file. */
        public static Config defaults() {
            return new Config(true, JournalSink.SOCKET, List.of(), null, DEFAULT_REFRESH);
        }

        /** Nothing at all (tests of the socket protocol). */
        public static Config none() {
            return new Config(false, JournalSink.SOCKET, List.of(), null, DEFAULT_REFRESH);
        }

        public Config withMetrics(Path textfile, Duration refresh) {
            return new Config(journal, journalSocket, hooks, textfile, refresh);
        }

        public Config withJournal(boolean on, Path socket) {
            return new Config(on, socket, hooks, metricsTextfile, metricsRefresh);
        }

        public Config withHooks(List<HookSpec> h) {
            return new Config(journal, journalSocket, h, metricsTextfile, metricsRefresh);
        }
    }

    private final Config config;
    private final Reports reports;
    private final JournalWriter journal;
    private final HookRunner hooks;
    private final AgentMetrics metrics;
    private final MetricsTextfile textfile;
    private ScheduledExecutorService refresher;

    private AgentOutputs(Config config, Reports reports, JournalWriter journal, HookRunner hooks, AgentMetrics metrics,
                         MetricsTextfile textfile) {
        this.config = config;
        this.reports = reports;
        this.journal = journal;
        this.hooks = hooks;
        this.metrics = metrics;
        this.textfile = textfile;
    }

    /**
     * Starts the journal writer, the hooks and the textfile. Their own reports (journal status
     * changes, hook failures) are logged and journaled.
     */
    public static AgentOutputs start(Config config, Clock clock) {
        Reports reports = new Reports();
        JournalWriter journal = null;
        if (config.journal()) {
            try {
                journal = new JournalWriter(NativeAccess.linux().journal(config.journalSocket(), JournalSink.SEND_TIMEOUT), JournalEntries.AGENT,
                        e -> true, clock, reports, 10_000);
                journal.start();
                journal.setEnabled(true);
                reports.journal = journal;
            } catch (OsException e) {
                LOG.log(System.Logger.Level.WARNING, "journal: " + e.getMessage());
            }
        }
        HookRunner hooks = new HookRunner(NativeAccess.linux().processGroups(), new HookRunner.Options(HookRunner.Options.SETSID,
                HookRunner.Options.REDUCED_ENVIRONMENT, Path.of("/"), Duration.ofSeconds(5), AgentOutputs::json), clock, reports, run -> { });
        hooks.setHooks(config.hooks());
        AgentMetrics metrics = new AgentMetrics();
        MetricsTextfile textfile = null;
        if (config.metricsTextfile() != null) {
            textfile = new MetricsTextfile(config.metricsTextfile());
            textfile.publish(metrics.render());
        }
        return new AgentOutputs(config, reports, journal, hooks, metrics, textfile);
    }

    /**
     * Re-reads pool usage for the textfile every {@code metricsRefresh} from {@code pools} (the
     * agent's current thin-pool state), so the gauges stay fresh between threshold crossings.
     */
    public void refreshFrom(Supplier<List<Event>> pools) {
        if (textfile == null || refresher != null) {
            return;
        }
        refresher = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("watchtray-metrics-refresh").daemon().unstarted(r));
        long every = config.metricsRefresh().toMillis();
        refresher.scheduleWithFixedDelay(() -> {
            List<Event> current = pools.get();
            synchronized (metrics) {
                metrics.refresh(current);
                textfile.publish(metrics.render());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Where the journal's and the hooks' own reports go: the log, the journal once it runs, and
     * the hooks' reports also to the desktops once the agent serves them ({@link #serveHookReports}).
     */
    private static final class Reports implements Consumer<Event> {
        volatile JournalWriter journal;
        volatile Consumer<Event> desktops = e -> { };

        @Override
        public void accept(Event e) {
            LOG.log(System.Logger.Level.INFO, EnglishSummary.of(e));
            JournalWriter j = journal;
            if (j != null) {
                j.accept(List.of(e));
            }
            if (e instanceof SourceStatusEvent s && s.status().source() == SourceId.HOOKS) {
                desktops.accept(e);
            }
        }
    }

    /**
     * From now on, a hook's failure (and its working again) also goes to {@code desktops} (the
     * agent's sessions), so the users see in their timeline what the admin's hook did not do.
     */
    public void serveHookReports(Consumer<Event> desktops) {
        reports.desktops = java.util.Objects.requireNonNull(desktops);
    }

    /** What an agent hook reads on stdin: the event as JSON ({@link EventDocument}), one line. */
    private static byte[] json(Event e) {
        try {
            return (Json.MAPPER.writeValueAsString(EventDocument.of(e)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
            throw new IllegalStateException("cannot serialise " + e.name(), x); // maps of strings and numbers always serialise
        }
    }

    /** Loaded with the first hook run, not with the agent: Jackson costs seconds under the lab VM's emulation. */
    private static final class Json {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
    }

    /** On the agent's backend thread: journal, hooks, metrics. */
    @Override
    public void accept(List<Event> batch) {
        if (journal != null) {
            journal.accept(batch);
        }
        hooks.accept(batch);
        if (textfile != null) {
            synchronized (metrics) {
                boolean changed = false;
                for (Event e : batch) {
                    changed |= metrics.accept(e);
                }
                if (changed) {
                    textfile.publish(metrics.render());
                }
            }
        }
    }

    /** The textfile writer, or null when there is none (tests wait on it). */
    public MetricsTextfile textfile() {
        return textfile;
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        hooks.close();
        if (journal != null) {
            journal.close();
        }
        if (textfile != null) {
            textfile.close();
        }
    }
}
