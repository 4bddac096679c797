package org.watchtray.nativeaccess.agent;

import java.nio.file.Path;
import java.util.List;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.libc.Libc;

/**
 * A desktop-side source whose events come from watchtray-agent: thin pools and USB need
 * privileges a desktop session does not have. There is one instance per served source
 * ({@link SourceId#THINPOOL}, {@link SourceId#USB}) so "watchtray status" shows a line for
 * each; both share one connection ({@link AgentLink}). Connected, each reports the status the
 * agent gives for its source ("via watchtray-agent: DM_DEV_ARM_POLL …"); otherwise
 * "watchtray-agent not installed / not reachable (reason)". Without the agent the desktop
 * keeps running: start never fails.
 */
public final class AgentClientSource implements Source {
    /** Where the agent's systemd unit puts its socket (RuntimeDirectory=watchtray). */
    public static final Path DEFAULT_SOCKET = Path.of("/run/watchtray/agent.sock");
    /** Environment variable that points the desktop at another socket (tests, unusual setups). */
    public static final String SOCKET_VARIABLE = "WATCHTRAY_AGENT_SOCKET";

    private final SourceId id;
    private final AgentLink link;

    AgentClientSource(SourceId id, AgentLink link) {
        this.id = id;
        this.link = link;
    }

    /** The two sources served through one connection to the agent at {@code socket}. */
    public static List<Source> create(Libc libc, Path socket) {
        AgentLink link = new AgentLink(libc, socket);
        return List.of(new AgentClientSource(SourceId.THINPOOL, link), new AgentClientSource(SourceId.USB, link));
    }

    @Override
    public SourceId id() {
        return id;
    }

    @Override
    public SourceStatus start(SourceContext context) {
        link.attach(this, context);
        return link.statusFor(id);
    }

    public SourceStatus status() {
        return link.statusFor(id);
    }

    @Override
    public void resync() {
        link.reconnect();
    }

    @Override
    public void close() {
        link.detach(this);
    }
}
