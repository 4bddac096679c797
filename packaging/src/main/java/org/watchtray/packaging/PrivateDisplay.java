package org.watchtray.packaging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A private X server (Xvfb) for the window cache's training run, on a display number the server
 * picks itself ({@code -displayfd}), so that builds running side by side never share one.
 */
final class PrivateDisplay implements AutoCloseable {
    private static final long START_SECONDS = 30;
    private final Process xvfb;
    private final String display;

    private PrivateDisplay(Process xvfb, String display) {
        this.xvfb = xvfb;
        this.display = display;
    }

    static PrivateDisplay start() throws PackagingException {
        Process xvfb;
        try {
            xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new PackagingException("the window cache is trained on a private X server, and Xvfb cannot start ("
                    + e.getMessage() + "); install it: apt-get install xvfb");
        }
        // The server writes its display number on the descriptor once it accepts connections.
        CompletableFuture<String> number = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String n = number.get(START_SECONDS, TimeUnit.SECONDS);
            if (n == null || n.isBlank()) {
                throw new PackagingException("Xvfb ended without a display");
            }
            return new PrivateDisplay(xvfb, ":" + n.strip());
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            xvfb.destroy();
            throw new PackagingException("Xvfb gave no display within " + START_SECONDS + " s (" + e + ")");
        } catch (PackagingException e) {
            xvfb.destroy();
            throw e;
        }
    }

    /** The value of DISPLAY, {@code :N}. */
    String display() {
        return display;
    }

    @Override
    public void close() throws InterruptedException {
        xvfb.destroy();
        if (!xvfb.waitFor(10, TimeUnit.SECONDS)) {
            xvfb.destroyForcibly();
            xvfb.waitFor();
        }
    }
}
