package org.watchtray.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.watchtray.core.agent.SeqpacketSockets;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.LossEvent;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.OsException;
import org.watchtray.core.pipeline.EventSink;
import org.watchtray.core.record.AgentRecordCodec;
import org.watchtray.core.record.WatchTypes;
import org.watchtray.core.source.NextDeadline;
import org.watchtray.core.source.Reading;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.usb.UsbEvent;

/**
 * Serves the agent's records to desktop sessions over a {@code SOCK_SEQPACKET} socket, one
 * record per packet. It follows the kernel queue's rules: it never blocks on a subscriber (a
 * full queue drops and later says so in-band, see {@link Subscriber}), and each subscriber is
 * authorised by the credentials the kernel reports for it ({@link PeerPolicy}) and bounded:
 * at most {@link Config#maxPerUser} sessions per uid and {@link Config#maxSessions} in all for
 * users other than root, so no member of the group can use up the agent's descriptors. A
 * refused peer gets the reason as a status record before the connection closes.
 *
 * <p>Protocol (docs/wire-format.md §6): on connect a subscriber gets HELLO and then, per
 * source, SNAPSHOT_BEGIN, the source's status, its current state and SNAPSHOT_END, so a
 * desktop that starts late catches up. Until the desktop's own HELLO names protocol 2 or
 * later, the session gets the events the agent decided with its own settings (what desktops
 * of protocol 1 understand), and its statuses say so. Once it does, the agent answers with
 * PROTOCOL, a fresh snapshot, and from then on readings ({@link #reading}) instead of decided
 * events: the desktop decides with its user's settings.
 *
 * <p>Running out of descriptors (EMFILE, ENFILE) does not stop the server: a descriptor kept
 * in reserve is given up to accept the waiting peer and tell it why it is refused, and when
 * even that fails, accepting pauses for a second (or until a session ends). It is a
 * {@link Source} only to get fd watches on the agent's one backend thread; it emits no events.
 * Its {@link #accept} is (part of) the backend's event sink.
 */
public final class AgentServer implements Source, EventSink {
    private static final System.Logger LOG = System.getLogger(AgentServer.class.getName());
    /** How long accepting pauses when the agent is out of descriptors and cannot even refuse. */
    static final Duration ACCEPT_PAUSE = Duration.ofSeconds(1);
    /** The sources whose records the agent serves, in snapshot order. */
    static final List<SourceId> SERVED = List.of(SourceId.THINPOOL, SourceId.USB);
    static final String REFUSED = "watchtray-agent refused this session: ";

    /**
     * @param socket      where to listen (normally /run/watchtray/agent.sock)
     * @param mode        the socket file's permissions; connecting needs write permission, so
     *                    0660 plus the group keeps everyone else out before SO_PEERCRED is even asked
     * @param group       the group whose members may subscribe
     * @param capacity    records queued per subscriber before drops begin
     * @param maxPerUser  sessions one uid other than root may hold at once
     * @param maxSessions sessions all users other than root may hold at once
     */
    public record Config(Path socket, Set<PosixFilePermission> mode, String group, int capacity, int maxPerUser, int maxSessions) {
        public Config {
            mode = Set.copyOf(mode);
            if (capacity < 1) {
                throw new IllegalArgumentException("queue capacity must be at least 1");
            }
            if (maxPerUser < 1 || maxSessions < 1) {
                throw new IllegalArgumentException("session limits must be at least 1");
            }
        }
    }

    /** What a subscriber is told on connect, by protocol. */
    public interface Snapshots {
        /** The events the agent decided that describe what holds now (protocol 1). */
        List<Event> decided(SourceId source, Instant now);

        /** The readings that describe what holds now (protocol 2). */
        List<Reading> readings(SourceId source);

        /** The agent's own settings for {@code source}, as a desktop of protocol 1 is told. */
        String decidedWith(SourceId source);
    }

    private final SeqpacketSockets sockets;
    private final Libc libc;
    private final Config config;
    private final Snapshots snapshots;
    private final Map<SourceId, SourceStatus> statuses = new EnumMap<>(SourceId.class);
    private final Map<Integer, Connection> connections = new LinkedHashMap<>();
    private final byte[] input = new byte[4096];
    private final NextDeadline acceptPause = new NextDeadline();
    private SourceContext ctx;
    private ServedSocket socket;
    private DescriptorReserve reserve;
    private boolean shedding;
    private PeerPolicy policy;
    private SourceContext.Registration listenWatch;

    private static final class Connection {
        final Subscriber subscriber;
        SourceContext.Registration watch;
        boolean waitingForWritable;

        Connection(Subscriber subscriber) {
            this.subscriber = subscriber;
        }
    }

    public AgentServer(SeqpacketSockets sockets, Libc libc, Config config, Snapshots snapshots) {
        this.sockets = sockets;
        this.libc = libc;
        this.config = config;
        this.snapshots = snapshots;
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
            if (ServedSocket.blocked(path)) {
                return SourceStatus.unavailable(SourceId.META, path + " exists and is not a socket: not replacing it");
            }
            socket = ServedSocket.open(sockets, path, config.mode(), config.group());
        } catch (IOException e) {
            return SourceStatus.unavailable(SourceId.META, "cannot serve at " + path + ": " + e.getMessage());
        }
        policy = new PeerPolicy(config.group(), socket.gid(), socket.whyRootOnly(), config.maxPerUser(), config.maxSessions());
        reserve = new DescriptorReserve(libc);
        preload();
        listenWatch = ctx.watch(socket.fd(), SourceContext.READABLE, ready -> acceptAll());
        if (socket.whyRootOnly() != null) {
            LOG.log(System.Logger.Level.WARNING, "serving records at " + path + " to root only: " + socket.whyRootOnly());
            return SourceStatus.degraded(SourceId.META, "serving records at " + path + " to root only", socket.whyRootOnly());
        }
        String who = "root and group '" + config.group() + "'";
        LOG.log(System.Logger.Level.INFO, "serving records at " + path + " to " + who);
        return SourceStatus.active(SourceId.META, "serving records at " + path + " to " + who);
    }

    /**
     * Loads, while descriptors are plentiful, the classes that refusing a peer and reading a
     * session use: once the agent is out of descriptors, a class still to be read from a
     * directory or an unopened jar cannot be loaded (NoClassDefFoundError in the middle of
     * refusing). Encoding one record links the codec's switch over every event type.
     */
    private static void preload() {
        AgentRecordCodec.encode(new SourceStatusEvent(Instant.EPOCH, SourceStatus.unavailable(SourceId.META, "")));
        new Subscriber.Input(false, 0);
        new SeqpacketSockets.Peer(0, -1, -1, List.of());
    }

    private void acceptAll() throws OsException {
        while (socket != null) {
            int fd;
            try {
                fd = sockets.acceptOrAgain(socket.fd());
            } catch (OsException e) {
                switch (e.errno()) {
                    case EMFILE, ENFILE, ENOBUFS, ENOMEM -> {
                        shed(e);
                        return;
                    }
                    default -> throw e;
                }
            }
            if (fd == SeqpacketSockets.AGAIN) {
                shedding = false;
                return;
            }
            admit(fd);
        }
    }

    /** Out of descriptors: refuses the waiting peer with the reason, using the reserve; pauses accepting when even that fails. */
    private void shed(OsException e) {
        if (!shedding) {
            shedding = true;
            LOG.log(System.Logger.Level.WARNING, "out of file descriptors with " + connections.size() + " sessions ("
                    + e.getMessage() + "): refusing new sessions until some end");
        }
        if (reserve.held()) {
            reserve.spend(() -> {
                try {
                    int fd = sockets.acceptOrAgain(socket.fd());
                    if (fd >= 0) {
                        refuse(new Subscriber(sockets, fd, new SeqpacketSockets.Peer(0, -1, -1, List.of()), 1), null,
                                "watchtray-agent has run out of file descriptors (" + e.errnoName() + ") with " + connections.size()
                                        + " sessions; try again later");
                    }
                } catch (OsException again) {
                    // Still nothing to accept with: the pause below takes over.
                }
            });
        }
        if (!reserve.held() && listenWatch != null) {
            listenWatch.close();
            listenWatch = null;
            acceptPause.set(ctx, ctx.clock().instant().plus(ACCEPT_PAUSE), this::resumeAccepting);
        }
    }

    private void resumeAccepting() {
        acceptPause.cancel();
        reserve.take();
        if (listenWatch == null && socket != null) {
            listenWatch = ctx.watch(socket.fd(), SourceContext.READABLE, ready -> acceptAll());
        }
    }

    private void admit(int fd) {
        SeqpacketSockets.Peer peer;
        try {
            peer = sockets.peer(fd);
        } catch (OsException e) {
            LOG.log(System.Logger.Level.WARNING, "subscriber refused: its credentials could not be read: " + e.getMessage());
            sockets.close(fd);
            return;
        }
        Subscriber s = new Subscriber(sockets, fd, peer, config.capacity());
        Optional<String> refusal = policy.refusal(peer, connections.values().stream().map(c -> c.subscriber.peer).toList());
        if (refusal.isPresent()) {
            refuse(s, peer, refusal.get());
            return;
        }
        LOG.log(System.Logger.Level.INFO, "subscriber connected: " + peer + " (protocol " + WatchTypes.AGENT_PROTOCOL_FIRST
                + " until its HELLO names a later one)");
        Connection c = new Connection(s);
        connections.put(fd, c);
        Instant now = ctx.clock().instant();
        s.offerUnbounded(AgentRecordCodec.hello(now, WatchTypes.AGENT_PROTOCOL_VERSION, "watchtray-agent"));
        for (SourceId id : SERVED) {
            snapshot(s, id, now);
        }
        c.watch = ctx.watch(fd, SourceContext.READABLE, bits -> ready(c, bits));
        pump(c);
    }

    /** Tells the peer why, once per served source (the status line the desktop shows), and closes. */
    private void refuse(Subscriber s, SeqpacketSockets.Peer peer, String reason) {
        LOG.log(System.Logger.Level.WARNING, "refused subscriber " + (peer == null ? "(its credentials were not read)" : peer) + ": " + reason);
        Instant now = ctx.clock().instant();
        for (SourceId id : SERVED) {
            s.offerUnbounded(AgentRecordCodec.encode(new SourceStatusEvent(now, SourceStatus.unavailable(id, REFUSED + reason))));
        }
        s.refuse(input);
    }

    /** SNAPSHOT_BEGIN, the source's status, its current state for the session's protocol, SNAPSHOT_END. */
    private void snapshot(Subscriber s, SourceId id, Instant now) {
        s.offerUnbounded(AgentRecordCodec.snapshotBegin(now, id));
        SourceStatus st = statuses.get(id);
        if (st != null) {
            s.offerUnbounded(AgentRecordCodec.encode(new SourceStatusEvent(now, forProtocol(st, s.protocol()))));
        }
        if (s.protocol() >= WatchTypes.AGENT_PROTOCOL_READINGS) {
            for (Reading r : snapshots.readings(id)) {
                s.offerUnbounded(AgentRecordCodec.encode(r));
            }
        } else {
            for (Event e : snapshots.decided(id, now)) {
                if (AgentRecordCodec.supports(e)) {
                    s.offerUnbounded(AgentRecordCodec.encode(e));
                }
            }
        }
        s.offerUnbounded(AgentRecordCodec.snapshotEnd(now, id));
    }

    /** A served source's status as a session of {@code protocol} is told it: protocol 1 learns whose settings apply. */
    private SourceStatus forProtocol(SourceStatus st, int protocol) {
        boolean running = st.state() == SourceStatus.State.ACTIVE || st.state() == SourceStatus.State.DEGRADED;
        if (protocol >= WatchTypes.AGENT_PROTOCOL_READINGS || !running) {
            return st;
        }
        String note = "this desktop speaks agent protocol " + protocol + ": the agent decides with its own "
                + snapshots.decidedWith(st.source()) + ", not the user's settings; update watchtray on this desktop";
        return SourceStatus.degraded(st.source(), st.mechanism(), st.reason().isEmpty() ? note : st.reason() + "; " + note);
    }

    private void ready(Connection c, int bits) {
        if ((bits & (SourceContext.READABLE | SourceContext.HANGUP | SourceContext.ERROR)) != 0) {
            Subscriber.Input in = c.subscriber.readInput(input);
            if (in.hello() > 0) {
                upgrade(c.subscriber, in.hello());
            }
            if (in.closed()) {
                drop(c, "closed the connection");
                return;
            }
        }
        pump(c);
    }

    /** The desktop said which protocol it speaks: from protocol 2 on, it gets readings from a fresh snapshot on. */
    private void upgrade(Subscriber s, int hello) {
        int version = Math.min(hello, WatchTypes.AGENT_PROTOCOL_VERSION);
        if (version <= s.protocol()) {
            return;
        }
        s.protocol(version);
        LOG.log(System.Logger.Level.INFO, "subscriber " + s.peer + " speaks protocol " + hello + ": serving it protocol " + version
                + (version >= WatchTypes.AGENT_PROTOCOL_READINGS ? " (readings; it decides with its user's settings)" : ""));
        Instant now = ctx.clock().instant();
        s.offerUnbounded(AgentRecordCodec.protocol(now, version));
        for (SourceId id : SERVED) {
            snapshot(s, id, now);
        }
    }

    /** Sends what the socket takes; after drops, queues the LOSS records and replays state; waits for writability when full. */
    private void pump(Connection c) {
        Subscriber s = c.subscriber;
        Subscriber.Sent sent = s.send();
        Map<SourceId, Long> released = s.releaseLoss(ctx.clock().instant());
        if (!released.isEmpty()) {
            for (SourceId id : released.keySet()) {
                if (SERVED.contains(id)) { // hook reports have no state to repeat: the LOSS record says how many were lost
                    snapshot(s, id, ctx.clock().instant());
                }
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
        if (c.watch != null) {
            c.watch.close();
        }
        LOG.log(System.Logger.Level.INFO, "subscriber " + c.subscriber.peer + " " + why + " (" + c.subscriber.delivered()
                + " records delivered, " + c.subscriber.dropped() + " dropped)");
        c.subscriber.close();
        if (listenWatch == null && socket != null && ctx != null) {
            resumeAccepting(); // a descriptor came free
        }
    }

    /**
     * The backend's event sink: every served source's status and loss, and the reports of the
     * agent's hooks, go to every subscriber; the events the agent decided go to sessions of
     * protocol 1. Each record is encoded once
     * per protocol.
     */
    @Override
    public void accept(List<Event> batch) {
        for (Event e : batch) {
            if (e instanceof SourceStatusEvent s && SERVED.contains(s.status().source())) {
                statuses.put(s.status().source(), s.status());
            }
        }
        if (connections.isEmpty()) {
            return;
        }
        List<Map.Entry<SourceId, byte[]>> first = new ArrayList<>();
        List<Map.Entry<SourceId, byte[]>> readings = new ArrayList<>();
        for (Event e : batch) {
            switch (e) {
                case SourceStatusEvent s when SERVED.contains(s.status().source()) -> {
                    SourceId id = s.status().source();
                    first.add(Map.entry(id, AgentRecordCodec.encode(new SourceStatusEvent(s.time(), forProtocol(s.status(), 1)))));
                    readings.add(Map.entry(id, AgentRecordCodec.encode(s)));
                }
                case SourceStatusEvent s when s.status().source() == SourceId.HOOKS -> {
                    // A system-wide hook failed (or works again): every desktop shows it to its user.
                    // Desktops before this relay keep it as the status of a source they do not show.
                    byte[] record = AgentRecordCodec.encode(s);
                    first.add(Map.entry(SourceId.HOOKS, record));
                    readings.add(Map.entry(SourceId.HOOKS, record));
                }
                case LossEvent l when SERVED.contains(l.affected()) -> {
                    byte[] record = AgentRecordCodec.encode(l);
                    first.add(Map.entry(l.affected(), record));
                    readings.add(Map.entry(l.affected(), record));
                }
                case ThinPoolEvent t -> first.add(Map.entry(SourceId.THINPOOL, AgentRecordCodec.encode(t)));
                case UsbEvent u -> first.add(Map.entry(SourceId.USB, AgentRecordCodec.encode(u)));
                default -> {
                }
            }
        }
        for (Connection c : new ArrayList<>(connections.values())) {
            deliver(c, c.subscriber.protocol() >= WatchTypes.AGENT_PROTOCOL_READINGS ? readings : first);
        }
    }

    /** Hands one reading to every session of protocol 2 or later (called on the backend thread, by the reading sources). */
    public void reading(Reading reading) {
        byte[] record = null;
        for (Connection c : new ArrayList<>(connections.values())) {
            if (c.subscriber.protocol() >= WatchTypes.AGENT_PROTOCOL_READINGS) {
                record = record == null ? AgentRecordCodec.encode(reading) : record;
                deliver(c, List.of(Map.entry(reading.source(), record)));
            }
        }
    }

    private void deliver(Connection c, List<Map.Entry<SourceId, byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        for (var r : records) {
            if (c.subscriber.full() && !c.waitingForWritable) {
                pump(c); // let the socket take what it can before anything is dropped
                if (!connections.containsKey(c.subscriber.fd)) {
                    return;
                }
            }
            c.subscriber.offer(r.getKey(), r.getValue());
        }
        if (!c.waitingForWritable && connections.containsKey(c.subscriber.fd)) {
            pump(c);
        }
    }

    @Override
    public void close() {
        for (Connection c : new ArrayList<>(connections.values())) {
            drop(c, "disconnected: agent stopping");
        }
        acceptPause.cancel();
        if (listenWatch != null) {
            listenWatch.close();
            listenWatch = null;
        }
        if (socket != null) {
            socket.close();
            socket = null;
        }
        if (reserve != null) {
            reserve.close();
        }
    }
}
