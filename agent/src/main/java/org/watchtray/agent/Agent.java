package org.watchtray.agent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.watchtray.agent.outputs.AgentOutputs;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.pipeline.EventSink;
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
 * running the thin-pool and USB sources and the {@link AgentServer}; the backend's events go
 * to the server and to {@link AgentOutputs} (journal, hooks, Prometheus textfile).
 */
public final class Agent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Agent.class.getName());

    private final EventLoop poller;
    private final AgentServer server;
    private final AgentOutputs outputs;

    private Agent(EventLoop poller, AgentServer server, AgentOutputs outputs) {
        this.poller = poller;
        this.server = server;
        this.outputs = outputs;
    }

    /** Builds and starts everything the configuration asks for, with no journal, hooks or textfile. */
    public static Agent start(AgentConfig config) throws OsException {
        return start(config, AgentOutputs.Config.none());
    }

    /** Builds and starts everything the configuration asks for; {@code outputs} subscribes to every event the server gets. */
    public static Agent start(AgentConfig config, AgentOutputs.Config outputsConfig) throws OsException {
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
        AtomicReference<AgentOutputs> outputsRef = new AtomicReference<>();
        EventSink events = batch -> {
            AgentServer s = serverRef.get();
            if (s != null) {
                s.accept(batch);
            }
            AgentOutputs o = outputsRef.get();
            if (o != null) {
                o.accept(batch);
            }
        };
        EventLoop poller = new EventLoop(libc, Clock.systemUTC(), events, line -> LOG.log(System.Logger.Level.WARNING, line));
        pollerRef.set(poller);
        AgentOutputs outputs = AgentOutputs.start(outputsConfig, states, poller::execute, events, Clock.systemUTC());
        outputsRef.set(outputs);
        AgentServer server = new AgentServer(libc,
                new AgentServer.Config(config.socket(), config.socketMode(), config.group(), config.queue()),
                () -> pollerRef.get().statuses(), states);
        serverRef.set(server);
        sources.forEach(poller::add);
        poller.add(server);
        poller.start();
        return new Agent(poller, server, outputs);
    }

    public AgentServer server() {
        return server;
    }

    /** Every source's status, the server's last. */
    public List<SourceStatus> statuses() {
        return poller.statuses();
    }

    /** The journal, hooks and textfile subscriber. */
    public AgentOutputs outputs() {
        return outputs;
    }

    @Override
    public void close() {
        poller.close();
        outputs.close();
    }
}
