package org.watchtray.app.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.TestInfo;

/** Waiting for what a user would see, in the whole-app tests (another process, a loaded machine). */
public final class Await {
    /** How long a positive condition may take to come true under load. */
    public static final Duration LIMIT = Duration.ofSeconds(45);

    private Await() {
    }

    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /** Fails with {@code what} unless {@code condition} comes true within {@link #LIMIT}. */
    public static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        assertTrue(DesktopSession.eventually(LIMIT, condition), what);
    }

    /** A check whose exceptions (a window not there yet, a file not written yet) count as "not yet". */
    public static BooleanSupplier quietly(Check c) {
        return () -> {
            try {
                return c.holds();
            } catch (Exception e) {
                return false;
            }
        };
    }

    /** Keeps the session's logs (the app's, dunst's …) in target/desktop-session-logs/TEST for whoever reads a failure. */
    public static void keepLogs(Path sessionDir, TestInfo test) throws IOException {
        DesktopSession.keepLogs(sessionDir, test.getTestMethod().orElseThrow().getName());
    }
}
