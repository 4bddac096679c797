package org.watchtray.core.agent;

import java.nio.file.Path;
import java.util.List;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.os.Libc;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.Reconfigurable;
import org.watchtray.core.source.Source;
import org.watchtray.core.source.SourceContext;
import org.watchtray.core.source.SourceStatus;

/**
 * A desktop-side source whose readings come from watchtray-agent: thin pools and USB need
 * privileges a desktop session does not have. The agent reads; this desktop decides, with its
 * user's thin-pool thresholds and USB burst window, which follow the settings live. There is
 * one instance per served source ({@link SourceId#THINPOOL}, {@link SourceId#USB}) so
 * "watchtray status" shows a line for each; both share one connection ({@link AgentLink}).
 * Connected, each reports the status the agent gives for its source ("via watchtray-agent:
 * DM_DEV_ARM_POLL …"); otherwise "watchtray-agent not installed / not reachable (reason)".
 * Without the agent the desktop keeps running: start never fails.
 *
 * <p>The agent also tells its sessions when one of its system-wide hooks fails; the link passes
 * that on as a {@code hooks} status whose mechanism starts with {@link #VIA_AGENT}, so the
 * user's timeline, history and tray see it ({@link #relayedFromAgent}).
 */
public final class AgentClientSource implements Source, Reconfigurable {
    /** How a status the agent gave starts its mechanism: "via watchtray-agent: hook 'extend-pool' (…)". */
    public static final String VIA_AGENT = "via watchtray-agent: ";

    /** A report the agent made and this desktop passed on (the agent journaled it already). */
    public static boolean relayedFromAgent(Event e) {
        return e instanceof SourceStatusEvent s && s.status().source() == SourceId.HOOKS && s.status().mechanism().startsWith(VIA_AGENT);
    }

    private final SourceId id;
    private final AgentLink link;

    private AgentClientSource(SourceId id, AgentLink link) {
        this.id = id;
        this.link = link;
    }

    /** The two sources served through one connection to the agent at {@code socket}, deciding with {@code settings}. */
    public static List<Source> create(Libc libc, SeqpacketSockets sockets, Path socket, Settings settings) {
        AgentLink link = new AgentLink(libc, sockets, socket, settings);
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

    @Override
    public void reconfigure(Settings settings) {
        link.reconfigure(settings); // both views share the link; the second call finds nothing changed
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
