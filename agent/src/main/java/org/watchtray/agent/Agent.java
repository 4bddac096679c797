package org.watchtray.agent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.source.CurrentState;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.core.os.OsException;
import org.watchtray.nativeaccess.dm.LinuxDeviceMapper;
import org.watchtray.nativeaccess.dm.ThinPoolSource;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.core.source.EventLoop;
import org.watchtray.nativeaccess.usb.UsbSource;

/**
 * The running agent, and its composition root: one backend thread (an {@link EventLoop})
 * running the thin-pool and USB sources and the {@link AgentServer}, which is also the
 * backend's event sink.
 */
public final class Agent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Agent.class.getName());

    private final EventLoop poller;
    private final AgentServer server;

    private Agent(EventLoop poller, AgentServer server) {
        this.poller = poller;
        this.server = server;
    }

    /** Builds and starts everything the configuration asks for. */
    public static Agent start(AgentConfig config) throws OsException {
        LinuxLibc libc = new LinuxLibc();
        List<Source> sources = new ArrayList<>();
        Map<SourceId, CurrentState> states = new EnumMap<>(SourceId.class);
        if (config.thinPools()) {
            ThinPoolSource pools = new ThinPoolSource(libc, () -> LinuxDeviceMapper.open(libc, config.dmControl()),
                    config.thresholds(), config.readings());
            sources.add(pools);
            states.put(SourceId.THINPOOL, pools);
        }
        if (config.usb()) {
            UsbSource usb = new UsbSource(libc, config.burstWindow(), config.usbOptions());
            sources.add(usb);
            states.put(SourceId.USB, usb);
        }
        AtomicReference<AgentServer> serverRef = new AtomicReference<>();
        AtomicReference<EventLoop> pollerRef = new AtomicReference<>();
        EventLoop poller = new EventLoop(libc, Clock.systemUTC(), batch -> {
            AgentServer s = serverRef.get();
            if (s != null) {
                s.accept(batch);
            }
        }, line -> LOG.log(System.Logger.Level.WARNING, line));
        pollerRef.set(poller);
        AgentServer server = new AgentServer(libc,
                new AgentServer.Config(config.socket(), config.socketMode(), config.group(), config.queue()),
                () -> pollerRef.get().statuses(), states);
        serverRef.set(server);
        sources.forEach(poller::add);
        poller.add(server);
        poller.start();
        return new Agent(poller, server);
    }

    public AgentServer server() {
        return server;
    }

    /** Every source's status, the server's last. */
    public List<SourceStatus> statuses() {
        return poller.statuses();
    }

    @Override
    public void close() {
        poller.close();
    }
}
