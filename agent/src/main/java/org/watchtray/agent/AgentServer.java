package org.watchtray.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.record.AgentRecordCodec;
import org.watchtray.core.record.WatchTypes;
import org.watchtray.core.source.CurrentState;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.unix.SeqpacketSockets;

/**
 * Serves the agent's records to desktop sessions over a {@code SOCK_SEQPACKET} socket, one
 * record per packet. It follows the kernel queue's rules: it never blocks on a subscriber (a
 * full queue drops and later says so in-band, see {@link Subscriber}), and each subscriber is
 * authorised by the credentials the kernel reports for it ({@link PeerPolicy}). On connect a
 * subscriber gets HELLO and then, per source, SNAPSHOT_BEGIN, the source's status, its
 * current state and SNAPSHOT_END, so a desktop that starts late catches up.
 *
 * <p>It is a {@link Source} only to get fd watches on the agent's one backend thread; it emits
 * no events. Its {@link #accept} is the backend's event sink.
 */
public final class AgentServer implements Source, EventSink {
    private static final System.Logger LOG = System.getLogger(AgentServer.class.getName());
    private static final int BACKLOG = 16;
    /** The sources whose records the agent serves, in snapshot order. */
    static final List<SourceId> SERVED = List.of(SourceId.THINPOOL, SourceId.USB);

    /**
     * @param socket   where to listen (normally /run/watchtray/agent.sock)
     * @param mode     the socket file's permissions; connecting needs write permission, so
     *                 0660 plus the group keeps everyone else out before SO_PEERCRED is even asked
     * @param group    the group whose members may subscribe
     * @param capacity records queued per subscriber before drops begin
     */
    public record Config(Path socket, Set<PosixFilePermission> mode, String group, int capacity) {
        public Config {
            mode = Set.copyOf(mode);
            if (capacity < 1) {
                throw new IllegalArgumentException("queue capacity must be at least 1");
            }
        }
    }

    private final Libc libc;
    private final SeqpacketSockets sockets;
    private final Config config;
    private final Supplier<List<SourceStatus>> statuses;
    private final Map<SourceId, CurrentState> states;
    private final Map<Integer, Connection> connections = new LinkedHashMap<>();
    private SourceContext ctx;
    private int listenFd = -1;
    private boolean boundHere;
    private PeerPolicy policy;
    private SourceContext.Registration listenWatch;
    private SourceStatus status = SourceStatus.unavailable(SourceId.META, "not started");
    private volatile long refused;
    private volatile int subscribers;

    private static final class Connection {
        final Subscriber subscriber;
        SourceContext.Registration watch;
        boolean waitingForWritable;

        Connection(Subscriber subscriber) {
            this.subscriber = subscriber;
        }
    }

    /**
     * @param statuses where the served sources' current statuses come from (the poller)
     * @param states   the served sources that can replay their current state
     */
    public AgentServer(Libc libc, Config config, Supplier<List<SourceStatus>> statuses, Map<SourceId, CurrentState> states) {
        this.libc = libc;
        this.sockets = new SeqpacketSockets(libc);
        this.config = config;
        this.statuses = statuses;
        this.states = Map.copyOf(states);
    }

    @Override
    public SourceId id() {
        return SourceId.META;
    }

    @Override
    public SourceStatus start(SourceContext context) {
        this.ctx = context;
        Path path = config.socket();
        try {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !isSocket(path)) {
                return status = SourceStatus.unavailable(SourceId.META, path + " exists and is not a socket: not replacing it");
            }
            Files.createDirectories(path.getParent());
            // Bound and listening under a temporary name, then renamed into place: the socket
            // appears (a desktop watching the directory connects at once) only when it accepts.
            Path fresh = path.resolveSibling(path.getFileName() + ".new");
            Files.deleteIfExists(fresh);
            listenFd = sockets.listen(fresh, BACKLOG);
            Files.setPosixFilePermissions(fresh, config.mode());
            policy = new PeerPolicy(config.group(), applyGroup(fresh));
            Files.move(fresh, path, StandardCopyOption.ATOMIC_MOVE); // replaces a socket an unclean stop left behind
            boundHere = true;
            listenWatch = ctx.watch(listenFd, SourceContext.READABLE, ready -> acceptAll());
        } catch (IOException e) {
            close();
            return status = SourceStatus.unavailable(SourceId.META, "cannot serve at " + path + ": " + e.getMessage());
        }
        String who = policy.groupGid() < 0 ? "root only (group '" + config.group() + "' does not exist)"
                : "root and group '" + config.group() + "'";
        LOG.log(System.Logger.Level.INFO, "serving records at " + path + " to " + who);
        return status = SourceStatus.active(SourceId.META, "serving records at " + path + " to " + who);
    }

    /** Gives the socket to the group and returns its gid (the JDK resolves the name through NSS); -1 if there is no such group. */
    private int applyGroup(Path path) {
        try {
            if (config.group().matches("\\d+")) {
                Files.setAttribute(path, "unix:gid", Integer.parseInt(config.group()), LinkOption.NOFOLLOW_LINKS);
            } else {
                GroupPrincipal g = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(config.group());
                Files.setAttribute(path, "posix:group", g, LinkOption.NOFOLLOW_LINKS);
            }
            return (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            LOG.log(System.Logger.Level.WARNING, "group '" + config.group() + "' cannot own " + path + " (" + e
                    + "): only root may subscribe");
            return -1;
        }
    }

    private static boolean isSocket(Path path) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer m && (m & 0170000) == 0140000; // S_IFSOCK
    }

    public SourceStatus status() {
        return status;
    }

    private void acceptAll() throws OsException {
        while (true) {
            int fd = libc.accept4OrAgain(listenFd, Libc.SOCK_NONBLOCK);
            if (fd < 0) {
                return;
            }
            SeqpacketSockets.Peer peer;
            try {
                peer = sockets.peer(fd);
            } catch (OsException e) {
                LOG.log(System.Logger.Level.WARNING, "subscriber refused: its credentials could not be read: " + e.getMessage());
                libc.closeQuietly(fd);
                continue;
            }
            var refusal = policy.refusal(peer);
            Subscriber s = new Subscriber(libc, fd, peer, config.capacity());
            if (refusal.isPresent()) {
                refused++;
                LOG.log(System.Logger.Level.WARNING, "refused subscriber " + peer + ": " + refusal.get());
                Instant now = ctx.clock().instant();
                for (SourceId id : SERVED) {
                    s.offerUnbounded(AgentRecordCodec.encode(new SourceStatusEvent(now,
                            SourceStatus.unavailable(id, "watchtray-agent refused this session: " + refusal.get()))));
                }
                s.send(); // best effort, never waits
                s.close();
                continue;
            }
            LOG.log(System.Logger.Level.INFO, "subscriber connected: " + peer);
            Connection c = new Connection(s);
            connections.put(fd, c);
            subscribers = connections.size();
            Instant now = ctx.clock().instant();
            s.offerUnbounded(AgentRecordCodec.hello(now, WatchTypes.AGENT_PROTOCOL_VERSION, "watchtray-agent"));
            for (SourceId id : SERVED) {
                snapshot(s, id, now);
            }
            c.watch = ctx.watch(fd, SourceContext.READABLE, bits -> ready(c, bits));
            pump(c);
        }
    }

    /** SNAPSHOT_BEGIN, the source's status, its current state, SNAPSHOT_END. */
    private void snapshot(Subscriber s, SourceId id, Instant now) {
        s.offerUnbounded(AgentRecordCodec.snapshotBegin(now, id));
        for (SourceStatus st : statuses.get()) {
            if (st.source() == id) {
                s.offerUnbounded(AgentRecordCodec.encode(new SourceStatusEvent(now, st)));
            }
        }
        CurrentState state = states.get(id);
        if (state != null) {
            for (Event e : state.currentState()) {
                if (AgentRecordCodec.supports(e)) {
                    s.offerUnbounded(AgentRecordCodec.encode(e));
                }
            }
        }
        s.offerUnbounded(AgentRecordCodec.snapshotEnd(now, id));
    }

    private void ready(Connection c, int bits) {
        if ((bits & (SourceContext.READABLE | SourceContext.HANGUP | SourceContext.ERROR)) != 0 && !c.subscriber.drainInput()) {
            drop(c, "closed the connection");
            return;
        }
        pump(c);
    }

    /** Sends what the socket takes; after drops, queues the LOSS records and replays state; waits for writability when full. */
    private void pump(Connection c) {
        Subscriber s = c.subscriber;
        Subscriber.Sent sent = s.send();
        Map<SourceId, Long> released = s.releaseLoss(ctx.clock().instant());
        if (!released.isEmpty()) {
            for (SourceId id : released.keySet()) {
                snapshot(s, id, ctx.clock().instant());
            }
            sent = s.send();
        }
        switch (sent) {
            case GONE -> drop(c, "went away");
            case BLOCKED -> interest(c, true);
            case ALL -> interest(c, false);
        }
    }

    private void interest(Connection c, boolean writable) {
        if (c.waitingForWritable == writable) {
            return;
        }
        c.waitingForWritable = writable;
        c.watch.close();
        int bits = SourceContext.READABLE | (writable ? SourceContext.WRITABLE : 0);
        c.watch = ctx.watch(c.subscriber.fd, bits, b -> ready(c, b));
    }

    private void drop(Connection c, String why) {
        connections.remove(c.subscriber.fd);
        subscribers = connections.size();
        if (c.watch != null) {
            c.watch.close();
        }
        LOG.log(System.Logger.Level.INFO, "subscriber " + c.subscriber.peer + " " + why + " (" + c.subscriber.delivered()
                + " records delivered, " + c.subscriber.dropped() + " dropped)");
        c.subscriber.close();
    }

    /** The backend's event sink: every served event goes to every subscriber, encoded once. */
    @Override
    public void accept(List<Event> batch) {
        if (connections.isEmpty()) {
            return;
        }
        List<Map.Entry<SourceId, byte[]>> records = new ArrayList<>();
        for (Event e : batch) {
            SourceId about = about(e);
            if (about != null && AgentRecordCodec.supports(e)) {
                records.add(Map.entry(about, AgentRecordCodec.encode(e)));
            }
        }
        if (records.isEmpty()) {
            return;
        }
        for (Connection c : new ArrayList<>(connections.values())) {
            for (var r : records) {
                if (c.subscriber.full() && !c.waitingForWritable) {
                    pump(c); // let the socket take what it can before anything is dropped
                }
                c.subscriber.offer(r.getKey(), r.getValue());
            }
            if (!c.waitingForWritable && connections.containsKey(c.subscriber.fd)) {
                pump(c);
            }
        }
    }

    /** Which served source an event concerns; null for what is not served (the server's own status). */
    private static SourceId about(Event e) {
        SourceId id = switch (e) {
            case SourceStatusEvent s -> s.status().source();
            case org.watchtray.core.event.LossEvent l -> l.affected();
            default -> e.source();
        };
        return SERVED.contains(id) ? id : null;
    }

    /** Subscribers connected now. Safe from any thread. */
    public int subscribers() {
        return subscribers;
    }

    /** Sessions refused since start. Safe from any thread. */
    public long refused() {
        return refused;
    }

    @Override
    public void close() {
        for (Connection c : new ArrayList<>(connections.values())) {
            drop(c, "disconnected: agent stopping");
        }
        if (listenWatch != null) {
            listenWatch.close();
            listenWatch = null;
        }
        if (listenFd >= 0) {
            libc.closeQuietly(listenFd);
            listenFd = -1;
        }
        if (boundHere) {
            boundHere = false;
            try {
                Files.deleteIfExists(config.socket());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not remove " + config.socket() + ": " + e.getMessage());
            }
        }
    }
}
