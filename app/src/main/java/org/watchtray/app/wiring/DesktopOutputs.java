package org.watchtray.app.wiring;

import java.lang.System.Logger.Level;
import org.watchtray.core.journal.JournalSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.watchtray.app.cli.EventJson;
import org.watchtray.core.agent.AgentClientSource;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.hooks.HookRunner;
import org.watchtray.core.journal.JournalEntries;
import org.watchtray.core.journal.JournalWriter;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * What a desktop session sends beyond itself: the user's events to the user's journal (as
 * {@code watchtray}; thin pools and USB are the agent's to log, in the system journal) and the
 * user's hooks. Both are hub subscribers that never block the backend; their reports come back
 * through {@code reports} ({@link Backend#publishLater}). Settings changes apply live.
 */
public final class DesktopOutputs implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DesktopOutputs.class.getName());
    /** Where the journal's socket is, when not the standard one (tests use a private journald). */
    public static final String JOURNAL_SOCKET_VARIABLE = "WATCHTRAY_JOURNAL_SOCKET";

    private final JournalWriter journal;
    private final HookRunner hooks;
    private final List<AutoCloseable> subscriptions = new ArrayList<>();

    private DesktopOutputs(JournalWriter journal, HookRunner hooks) {
        this.journal = journal;
        this.hooks = hooks;
    }

    /**
     * Builds both, subscribes them to {@code hub} and applies {@code settings}.
     *
     * @param reports where journal and hook reports go: later, on the backend thread
     */
    public static DesktopOutputs start(EventHub hub, Settings settings, Environment environment, Clock clock,
                                       Consumer<Event> reports) {
        Path socket = environment.get(JOURNAL_SOCKET_VARIABLE).map(Path::of).orElse(JournalSink.SOCKET);
        JournalWriter journal = null;
        try {
            journal = new JournalWriter(NativeAccess.linux().journal(socket, JournalSink.SEND_TIMEOUT), JournalEntries.DESKTOP,
                    DesktopOutputs::isUserEvent, clock, reports, 10_000);
            journal.start();
        } catch (OsException e) {
            LOG.log(Level.WARNING, "journal: " + e.getMessage());
            reports.accept(new SourceStatusEvent(clock.instant(), SourceStatus.unavailable(SourceId.JOURNAL, e.getMessage())));
        }
        EventJson json = new EventJson();
        HookRunner hooks = new HookRunner(NativeAccess.linux().processGroups(), new HookRunner.Options(HookRunner.Options.SETSID,
                environment.variables(), environment.home(), Duration.ofSeconds(2),
                e -> (json.toJson(e) + "\n").getBytes(StandardCharsets.UTF_8)), clock, reports, run -> { });
        DesktopOutputs outputs = new DesktopOutputs(journal, hooks);
        if (journal != null) {
            outputs.subscriptions.add(hub.subscribe("journal", journal));
        }
        outputs.subscriptions.add(hub.subscribe("hooks", hooks));
        outputs.apply(settings);
        return outputs;
    }

    /** The desktop journals what happens in the session; the agent journals thin pools, USB and its own hooks' failures. */
    static boolean isUserEvent(Event e) {
        return e.source() != SourceId.THINPOOL && e.source() != SourceId.USB && !AgentClientSource.relayedFromAgent(e);
    }

    /** Applies changed settings: journaling on or off, the hooks. */
    public void apply(Settings settings) {
        if (journal != null) {
            journal.setEnabled(settings.journal().enabled());
        }
        hooks.setHooks(settings.hooks());
    }

    @Override
    public void close() {
        for (AutoCloseable s : subscriptions) {
            try {
                s.close();
            } catch (Exception ignored) {
                // Removing a subscription from a list does not fail.
            }
        }
        hooks.close();
        if (journal != null) {
            journal.close();
        }
    }
}
