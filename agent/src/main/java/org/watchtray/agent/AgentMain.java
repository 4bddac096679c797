package org.watchtray.agent;

import picocli.CommandLine;

/** Entry point of watchtray-agent. */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AgentCommand()).execute(args));
    }
}
