package org.watchtray.core.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.Inotify;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;
import org.watchtray.core.record.AgentRecordCodec;
import org.watchtray.core.record.RecordDecoder;
import org.watchtray.core.record.RecordEvents;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.core.record.WatchTypes;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.NextDeadline;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.thinpool.ThinPoolDecisions;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.thinpool.ThinPoolReading;
import org.watchtray.core.usb.UsbDecisions;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.core.usb.UsbReading;

/**
 * The desktop's one connection to watchtray-agent, shared by the {@link AgentClientSource}s.
 * Records are decoded with the shared {@link RecordDecoder}; status records update the
 * sources' statuses.
 *
 * <p>Deciding: right after connecting the desktop says which protocol it speaks (its HELLO).
 * An agent of protocol 2 or later answers with the version in effect and from then on sends
 * readings (pool status lines, USB kernel records); this link decides from them with the
 * user's settings ({@link ThinPoolDecisions}, {@link UsbDecisions}), and new settings apply at
 * once ({@link #reconfigure}). What such an agent sent before its answer was meant for older
 * desktops and is skipped. An agent of protocol 1 ignores the HELLO and sends the events it
 * decided with its own thresholds: they are passed on, and the status says that the user's
 * thin-pool and USB settings cannot apply until the agent is updated. The decisions outlive
 * a reconnect, so a restarted agent's snapshot repeats no toast.
 *
 * <p>Reconnecting: while the socket exists but nobody answers, retries back off 1, 2, 4 … 60 s
 * (deadlines from {@link SourceContext#schedule}, no thread sleeps). Meanwhile, and while the
 * socket does not exist at all, an inotify watch on the nearest existing directory on the
 * socket's path reconnects as soon as a (re)started agent creates it; an agent that is not
 * installed therefore costs no timer at all, and neither does one that refused this session.
 */
final class AgentLink {
    private static final System.Logger LOG = System.getLogger(AgentLink.class.getName());
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(60);
    private static final String REFUSED_PREFIX = "watchtray-agent refused this session: ";

    private final Libc libc;
    private final SeqpacketSockets sockets;
    private final Path socket;
    private final Map<AgentClientSource, SourceContext> views = new LinkedHashMap<>();
    private final Map<SourceId, SourceStatus> agentStatus = new EnumMap<>(SourceId.class);
    private final Set<SourceId> snapshotWithoutStatus = EnumSet.noneOf(SourceId.class);
    private final byte[] buffer = new byte[WatchTypes.WATCHTRAY_MAX_RECORD + 1];
    private final ThinPoolDecisions pools;
    private final UsbDecisions usb;
    private final NextDeadline usbFlush = new NextDeadline();
    private Settings settings;
    private SourceContext ctx;
    private int fd = -1;
    private SourceContext.Registration readWatch;
    private Inotify inotify;
    private SourceContext.Registration inotifyWatch;
    private SourceContext.Registration retry;
    private Duration nextRetry = FIRST_RETRY;
    /** Why we are not connected; null while connected. */
    private String problem = "not started";
    private String refusal;
    private RecordEvents records;
    /** The protocol the agent said it speaks in its HELLO; 0 before it said. */
    private int agentVersion;
    /** The protocol in effect for this session: the first one until the agent says otherwise. */
    private int sessionVersion = WatchTypes.AGENT_PROTOCOL_FIRST;

    AgentLink(Libc libc, SeqpacketSockets sockets, Path socket, Settings settings) {
        this.libc = libc;
        this.sockets = sockets;
        this.socket = socket;
        this.settings = settings;
        this.pools = new ThinPoolDecisions(settings.thinPool());
        this.usb = new UsbDecisions(settings.usb());
    }

    void attach(AgentClientSource view, SourceContext context) {
        views.put(view, context);
        if (ctx == null) {
            ctx = context;
            records = new RecordEvents(context.clock(), SourceId.META);
            connect();
        }
    }

    void detach(AgentClientSource view) {
        SourceContext gone = views.remove(view);
        if (gone != null && gone == ctx) {
            disconnect();
            stopWatchingForSocket();
            cancelRetry();
            usbFlush.cancel();
            ctx = null;
            // The registrations belonged to the departed view; carry on under another one.
            views.values().stream().findFirst().ifPresent(next -> {
                ctx = next;
                connect();
            });
        }
    }

    void reconnect() {
        if (ctx != null) {
            disconnect();
            connect();
        }
    }

    /** The user's new settings: thin-pool thresholds and the USB burst window apply at once. */
    void reconfigure(Settings newSettings) {
        Settings old = settings;
        settings = newSettings;
        if (!newSettings.thinPool().equals(old.thinPool())) {
            List<Event> events = pools.reconfigure(newSettings.thinPool(), ctx == null ? Instant.now() : ctx.clock().instant());
            if (ctx != null) {
                emit(events); // before start no pool is known: nothing to say
            }
        }
        if (!newSettings.usb().equals(old.usb())) {
            usb.reconfigure(newSettings.usb());
            releaseUsb(); // bursts in progress end by the new window
        }
    }

    private boolean readings() {
        return sessionVersion >= WatchTypes.AGENT_PROTOCOL_READINGS;
    }

    SourceStatus statusFor(SourceId id) {
        if (problem != null) {
            return SourceStatus.unavailable(id, problem);
        }
        SourceStatus agent = agentStatus.get(id);
        if (agent == null) {
            return snapshotWithoutStatus.contains(id)
                    ? SourceStatus.unavailable(id, "watchtray-agent does not watch " + id.wireName() + " (turned off there)")
                    : SourceStatus.active(id, "via watchtray-agent at " + socket + " (waiting for its status)");
        }
        String mechanism = AgentClientSource.VIA_AGENT + agent.mechanism();
        if (!readings() && (agent.state() == SourceStatus.State.ACTIVE || agent.state() == SourceStatus.State.DEGRADED)) {
            String own = id == SourceId.THINPOOL ? "thin-pool thresholds" : "USB burst window";
            String why = "watchtray-agent speaks protocol " + agentVersion + ": it applies its own " + own
                    + ", not your settings; they apply once watchtray-agent is updated";
            return SourceStatus.degraded(id, mechanism, agent.reason().isEmpty() ? why : agent.reason() + "; " + why);
        }
        return new SourceStatus(id, agent.state(), mechanism, agent.reason());
    }

    private void publish() {
        for (var e : views.entrySet()) {
            e.getValue().statusChanged(statusFor(e.getKey().id()));
        }
    }

    private void connect() {
        cancelRetry();
        if (!Files.exists(socket)) {
            problem = "watchtray-agent not installed (no socket at " + socket + ")";
            watchForSocket();
            publish();
            return;
        }
        try {
            fd = sockets.connect(socket);
        } catch (OsException e) {
            problem = "watchtray-agent not reachable (" + switch (e.errno()) {
                case ECONNREFUSED -> "nothing listens at " + socket + ": the agent is not running";
                case EACCES, EPERM -> socket + ": permission denied; the agent serves root and its group";
                case ENOENT -> "no socket at " + socket;
                case EAGAIN -> "the agent is busy accepting connections";
                default -> e.getMessage();
            } + ")";
            scheduleRetry();
            watchForSocket();
            publish();
            return;
        }
        sayHello();
        stopWatchingForSocket();
        problem = null;
        refusal = null;
        agentVersion = 0;
        sessionVersion = WatchTypes.AGENT_PROTOCOL_FIRST;
        agentStatus.clear();
        snapshotWithoutStatus.clear();
        readWatch = ctx.watch(fd, SourceContext.READABLE, bits -> receive());
        publish();
    }

    /**
     * Says which protocol this desktop speaks; an agent of protocol 1 reads and ignores it. An
     * agent that refuses this session may have closed already: what it said is still there to
     * read, so a failed send is not the end.
     */
    private void sayHello() {
        byte[] hello = AgentRecordCodec.hello(ctx.clock().instant(), WatchTypes.AGENT_PROTOCOL_VERSION, "watchtray desktop");
        try {
            sockets.send(fd, hello, 0, hello.length);
        } catch (OsException e) {
            LOG.log(System.Logger.Level.DEBUG, "saying hello to watchtray-agent: " + e.getMessage());
        }
    }

    private void receive() {
        while (fd >= 0) {
            int n;
            try {
                n = sockets.receive(fd, buffer);
            } catch (OsException e) {
                lost("the connection failed: " + e.getMessage());
                return;
            }
            if (n == SeqpacketSockets.AGAIN) {
                return;
            }
            if (n == SeqpacketSockets.CLOSED) {
                lost(refusal != null ? "refused by watchtray-agent: " + refusal
                        : "the agent closed the connection: it stopped or restarted");
                return;
            }
            for (WatchRecord r : RecordDecoder.decode(buffer, 0, n)) {
                handle(r);
            }
        }
    }

    private void handle(WatchRecord r) {
        if (r instanceof WatchRecord.AgentHello h) {
            nextRetry = FIRST_RETRY; // a working agent: start the backoff afresh next time
            agentVersion = h.protocolVersion();
            if (agentVersion < WatchTypes.AGENT_PROTOCOL_READINGS) {
                LOG.log(System.Logger.Level.INFO, "watchtray-agent speaks protocol " + agentVersion + ", this desktop "
                        + WatchTypes.AGENT_PROTOCOL_VERSION + ": the agent decides thin-pool and USB events with its own settings");
            }
            publish();
            return;
        }
        if (r instanceof WatchRecord.SessionProtocol p) {
            sessionVersion = Math.min(p.protocolVersion(), WatchTypes.AGENT_PROTOCOL_VERSION);
            agentStatus.clear();
            snapshotWithoutStatus.clear();
            publish();
            return;
        }
        if (agentVersion >= WatchTypes.AGENT_PROTOCOL_READINGS && !readings()) {
            return; // the agent's answer to our HELLO is on its way; until then it talks to desktops of protocol 1
        }
        switch (r) {
            case WatchRecord.SnapshotMarker m -> snapshot(m);
            case WatchRecord.AgentEvent a when a.event() instanceof SourceStatusEvent s && s.status().source() == SourceId.HOOKS ->
                    ctx.emit(agentHooks(s));
            case WatchRecord.AgentEvent a when a.event() instanceof SourceStatusEvent s -> status(s.status());
            case WatchRecord.AgentEvent a when a.event() instanceof ThinPoolEvent || a.event() instanceof UsbEvent -> {
                if (!readings()) {
                    ctx.emit(a.event()); // decided by an agent of protocol 1
                }
            }
            case WatchRecord.AgentReading a when readings() -> reading(a);
            default -> records.toEvent(r).ifPresent(ctx::emit);
        }
    }

    private void snapshot(WatchRecord.SnapshotMarker m) {
        if (m.boundary() == WatchRecord.SnapshotMarker.Boundary.BEGIN) {
            if (readings() && m.source() == SourceId.THINPOOL) {
                pools.snapshotBegins();
            }
            return;
        }
        if (readings() && m.source() == SourceId.THINPOOL) {
            emit(pools.snapshotEnds(ctx.clock().instant()));
        }
        if (!agentStatus.containsKey(m.source())) {
            snapshotWithoutStatus.add(m.source());
            publish();
        }
    }

    /**
     * One of the agent's hooks failed (or works again): for the user's timeline, history and tray,
     * as the agent's, at the time the agent saw it. The text is the agent's, as it came: every
     * surface escapes what it shows.
     */
    private static SourceStatusEvent agentHooks(SourceStatusEvent s) {
        SourceStatus st = s.status();
        return new SourceStatusEvent(s.time(), new SourceStatus(SourceId.HOOKS, st.state(), AgentClientSource.VIA_AGENT + st.mechanism(),
                st.reason()));
    }

    private void status(SourceStatus st) {
        if (st.reason().startsWith(REFUSED_PREFIX)) {
            refusal = st.reason().substring(REFUSED_PREFIX.length());
            return;
        }
        agentStatus.put(st.source(), st);
        snapshotWithoutStatus.remove(st.source());
        publish();
    }

    private void reading(WatchRecord.AgentReading a) {
        switch (a.reading()) {
            case ThinPoolReading p -> emit(pools.accept(p));
            case UsbReading u -> {
                emit(usb.accept(u));
                releaseUsb();
            }
        }
    }

    /** Emits the USB bursts that ended and sets a deadline for the next one. */
    private void releaseUsb() {
        if (ctx == null) {
            return;
        }
        emit(usb.flush(ctx.clock().instant()));
        usbFlush.set(ctx, usb.nextFlush().orElse(null), this::releaseUsb);
    }

    private void emit(List<Event> events) {
        events.forEach(ctx::emit);
    }

    private void lost(String why) {
        disconnect();
        problem = "watchtray-agent not reachable (" + why + ")";
        if (refusal == null) {
            scheduleRetry();
        } else {
            // Group membership only changes with a new login: retrying would only fill the agent's
            // log. A restarted (perhaps reconfigured) agent is still noticed through inotify.
            problem = problem + "; will retry when the agent restarts";
        }
        watchForSocket();
        publish();
    }

    private void disconnect() {
        if (readWatch != null) {
            readWatch.close();
            readWatch = null;
        }
        if (fd >= 0) {
            sockets.close(fd);
            fd = -1;
        }
    }

    private void scheduleRetry() {
        cancelRetry();
        Duration wait = nextRetry;
        nextRetry = nextRetry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : nextRetry.multipliedBy(2);
        retry = ctx.schedule(ctx.clock().instant().plus(wait), () -> {
            retry = null;
            connect();
        });
        problem = problem + "; retrying in " + wait.toSeconds() + " s";
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.close();
            retry = null;
        }
    }

    /** inotify on the nearest existing directory on the socket's path: a (re)created agent socket connects at once. */
    private void watchForSocket() {
        stopWatchingForSocket();
        Path dir = socket.toAbsolutePath().getParent();
        while (dir != null && !Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return;
        }
        try {
            inotify = new Inotify(libc);
            inotify.addWatch(dir, Libc.IN_CREATE | Libc.IN_MOVED_TO | Libc.IN_DELETE_SELF | Libc.IN_MOVE_SELF);
            inotifyWatch = ctx.watch(inotify.fd(), SourceContext.READABLE, bits -> {
                stopWatchingForSocket();
                if (fd < 0) {
                    connect();
                }
            });
        } catch (OsException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot watch " + dir + " for the agent socket: " + e.getMessage());
            stopWatchingForSocket();
        }
    }

    private void stopWatchingForSocket() {
        if (inotifyWatch != null) {
            inotifyWatch.close();
            inotifyWatch = null;
        }
        if (inotify != null) {
            inotify.close();
            inotify = null;
        }
    }
}
