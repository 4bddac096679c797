package org.watchtray.agent.outputs;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * The agent's Prometheus textfile, for node_exporter's textfile collector
 * ({@code --collector.textfile.directory}). Written on its own thread, so the backend never
 * waits for the disk: {@link #publish} only hands over the newest text, and a burst of changes
 * becomes one write. Each write is atomic: a hidden temp file in the same directory (the
 * collector reads only {@code *.prom}), fsync, then rename over the file, so the collector never
 * reads half a file. Mode 0644.
 */
public final class MetricsTextfile implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetricsTextfile.class.getName());
    private final Path file;
    private final Thread thread;
    private String pending;
    private String written;
    private boolean writing;
    private boolean closing;
    private boolean failing;

    public MetricsTextfile(Path file) {
        this.file = file.toAbsolutePath();
        this.thread = Thread.ofPlatform().name("watchtray-metrics").daemon().start(this::run);
    }

    public Path file() {
        return file;
    }

    /** Hands over the newest content; written soon unless newer content replaces it first. Safe from any thread. */
    public synchronized void publish(String text) {
        pending = text;
        notifyAll();
    }

    private void run() {
        while (true) {
            String text;
            synchronized (this) {
                while (pending == null && !closing) {
                    writing = false;
                    notifyAll();
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending == null) {
                    writing = false;
                    notifyAll();
                    return;
                }
                text = pending;
                pending = null;
                writing = true;
            }
            if (!text.equals(written)) {
                write(text);
            }
        }
    }

    private void write(String text) {
        try {
            writeAtomically(file, text);
            written = text;
            if (failing) {
                failing = false;
                LOG.log(Level.INFO, "metrics: writing " + file + " works again");
            }
        } catch (IOException e) {
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "metrics: cannot write " + file + ": " + e); // once per failure streak
            }
        }
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path dir = file.getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Waits until everything published so far is on disk (or failed); false on timeout. */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending != null || writing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Writes what is pending, then stops. The file stays: its mtime tells the collector how old it is. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
