package org.watchtray.nativeaccess.agent;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.record.RecordDecoder;
import org.watchtray.core.record.RecordEvents;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.core.record.WatchTypes;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.os.Errno;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.unix.SeqpacketSockets;

/**
 * The desktop's one connection to watchtray-agent, shared by the {@link AgentClientSource}s.
 * Records are decoded with the shared {@link RecordDecoder}; status records update the
 * sources' statuses, everything else is emitted as events.
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
    private static final int RECEIVE_BUFFER = WatchTypes.WATCHTRAY_MAX_RECORD + 1;
    private static final int IN_CREATE = 0x100;
    private static final int IN_MOVED_TO = 0x80;
    private static final int IN_DELETE_SELF = 0x400;
    private static final int IN_MOVE_SELF = 0x800;

    private final Libc libc;
    private final Path socket;
    private final SeqpacketSockets sockets;
    private final Map<AgentClientSource, SourceContext> views = new LinkedHashMap<>();
    private final Map<SourceId, SourceStatus> agentStatus = new EnumMap<>(SourceId.class);
    private final Set<SourceId> snapshotWithoutStatus = EnumSet.noneOf(SourceId.class);
    private SourceContext ctx;
    private int fd = -1;
    private SourceContext.Registration readWatch;
    private int inotifyFd = -1;
    private SourceContext.Registration inotifyWatch;
    private SourceContext.Registration retry;
    private Duration nextRetry = FIRST_RETRY;
    /** Why we are not connected; null while connected. */
    private String problem = "not started";
    private String refusal;
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment buffer = arena.allocate(RECEIVE_BUFFER);
    private final byte[] bytes = new byte[RECEIVE_BUFFER];
    private RecordEvents records;

    AgentLink(Libc libc, Path socket) {
        this.libc = libc;
        this.socket = socket;
        this.sockets = new SeqpacketSockets(libc);
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
        String mechanism = "via watchtray-agent: " + agent.mechanism();
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
                case Errno.ECONNREFUSED -> "nothing listens at " + socket + ": the agent is not running";
                case Errno.EACCES, Errno.EPERM -> socket + ": permission denied; the agent serves root and its group";
                case Errno.ENOENT -> "no socket at " + socket;
                case Errno.EAGAIN -> "the agent is busy accepting connections";
                default -> e.getMessage();
            } + ")";
            scheduleRetry();
            watchForSocket();
            publish();
            return;
        }
        stopWatchingForSocket();
        problem = null;
        refusal = null;
        agentStatus.clear();
        snapshotWithoutStatus.clear();
        readWatch = ctx.watch(fd, SourceContext.READABLE, bits -> receive());
        publish();
    }

    private void receive() {
        while (fd >= 0) {
            long n;
            try {
                n = libc.recvOrAgain(fd, buffer, RECEIVE_BUFFER, Libc.MSG_DONTWAIT);
            } catch (OsException e) {
                lost("the connection failed: " + e.getMessage());
                return;
            }
            if (n < 0) {
                return;
            }
            if (n == 0) {
                lost(refusal != null ? "refused by watchtray-agent: " + refusal
                        : "the agent closed the connection: it stopped or restarted");
                return;
            }
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, bytes, 0, (int) n);
            for (WatchRecord r : RecordDecoder.decode(bytes, 0, (int) n)) {
                handle(r);
            }
        }
    }

    private void handle(WatchRecord r) {
        switch (r) {
            case WatchRecord.AgentHello h -> {
                nextRetry = FIRST_RETRY; // a working agent: start the backoff afresh next time
                if (h.protocolVersion() != WatchTypes.AGENT_PROTOCOL_VERSION) {
                    LOG.log(System.Logger.Level.INFO, "watchtray-agent speaks protocol " + h.protocolVersion()
                            + ", this desktop " + WatchTypes.AGENT_PROTOCOL_VERSION + "; unknown records will be skipped");
                }
            }
            case WatchRecord.SnapshotMarker m -> {
                if (m.boundary() == WatchRecord.SnapshotMarker.Boundary.END && !agentStatus.containsKey(m.source())) {
                    snapshotWithoutStatus.add(m.source());
                    publish();
                }
            }
            case WatchRecord.AgentEvent a when a.event() instanceof SourceStatusEvent s -> {
                SourceStatus st = s.status();
                String refusedPrefix = "watchtray-agent refused this session: ";
                if (st.reason().startsWith(refusedPrefix)) {
                    refusal = st.reason().substring(refusedPrefix.length());
                    return;
                }
                agentStatus.put(st.source(), st);
                snapshotWithoutStatus.remove(st.source());
                publish();
            }
            default -> records.toEvent(r).ifPresent(this::emit);
        }
    }

    private void emit(Event e) {
        ctx.emit(e);
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
            libc.closeQuietly(fd);
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
            inotifyFd = libc.inotify_init1(Libc.IN_NONBLOCK);
            libc.inotify_add_watch(inotifyFd, dir.toString(), IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF);
            inotifyWatch = ctx.watch(inotifyFd, SourceContext.READABLE, bits -> {
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
        if (inotifyFd >= 0) {
            libc.closeQuietly(inotifyFd);
            inotifyFd = -1;
        }
    }
}
