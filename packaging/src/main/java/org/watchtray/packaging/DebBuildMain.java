package org.watchtray.packaging;

import java.nio.file.Path;

/**
 * Command line for {@link DebBuild}, run by the Maven profile {@code deb}:
 * {@code DebBuildMain JAR_DIR APP_JAR AGENT_JAR VERSION WORK_DIR OUTPUT_DIR}. Uses the JDK it runs on.
 */
public final class DebBuildMain {
    private DebBuildMain() {
    }

    public static void main(String[] args) throws PackagingException {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: DebBuildMain JAR_DIR APP_JAR AGENT_JAR VERSION WORK_DIR OUTPUT_DIR");
        }
        DebBuild build = new DebBuild(Path.of(System.getProperty("java.home")), Path.of(args[0]), args[1], args[2], args[3],
                Path.of(args[4]), Path.of(args[5]));
        Path deb = build.build();
        System.err.println("[deb] built " + deb);
    }
}
