package org.watchtray.app.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import org.testfx.api.FxToolkit;

/** Runs test code on the FX thread and waits for it; starts the toolkit (TestFX) once. */
public final class Fx {
    private static final Duration TEST_WAIT = Duration.ofSeconds(30);

    private Fx() {
    }

    public static void start() {
        try {
            FxToolkit.registerPrimaryStage();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the JavaFX toolkit did not start", e);
        }
    }

    /** Runs {@code work} on the FX thread (starting the toolkit first) and waits up to 30 s for it. */
    public static <T> T call(Callable<T> work) {
        start();
        return callWithin(TEST_WAIT, work);
    }

    /**
     * Runs {@code work} on the FX thread of an already started toolkit and waits up to
     * {@code wait} for it (the benchmarks start their own toolkit and give heavy work longer);
     * the work's own exception is rethrown as is.
     */
    public static <T> T callWithin(Duration wait, Callable<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("FX work did not finish within " + wait, e);
        }
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
