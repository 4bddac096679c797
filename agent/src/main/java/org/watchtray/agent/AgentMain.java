package org.watchtray.agent;

/** Entry point of watchtray-agent. */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) {
        System.err.println("watchtray-agent: starting");
    }
}
