package org.watchtray.app;

/** Entry point: no arguments starts the tray app, a subcommand runs the CLI. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("watchtray");
    }
}
