package org.watchtray.core.agent;

import java.nio.file.Path;
import org.watchtray.core.settings.Environment;

/** Where watchtray-agent serves and where desktops look for it: the one place the path is written. */
public final class AgentSocket {
    /** Where the agent's systemd unit puts its socket (RuntimeDirectory=watchtray). */
    public static final Path DEFAULT = Path.of("/run/watchtray/agent.sock");
    /** Environment variable that points the desktop at another socket (tests, unusual setups). */
    public static final String VARIABLE = "WATCHTRAY_AGENT_SOCKET";

    private AgentSocket() {
    }

    /** The socket a desktop connects to in this environment. */
    public static Path of(Environment environment) {
        return environment.get(VARIABLE).map(Path::of).orElse(DEFAULT);
    }
}
