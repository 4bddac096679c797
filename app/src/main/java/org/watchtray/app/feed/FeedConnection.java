package org.watchtray.app.feed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One end of the window feed: messages in on a reader thread, messages out through a bounded
 * queue and a writer thread, so a sender never blocks on a peer that stopped reading (a hung or
 * stopped window process). When the queue is full the peer is taken as hung and the connection
 * is closed; the closing callback runs once, whoever closes.
 */
public final class FeedConnection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FeedConnection.class.getName());
    /** The longest line accepted (a batch of events); a longer one ends the connection. */
    private static final int MAX_LINE = 64 * 1024 * 1024;

    /** Not a line any message encodes to: the writer closes the connection when it comes to it. */
    private static final String END = "";

    private final SocketChannel channel;
    private final FeedCodec codec = new FeedCodec();
    private final BlockingQueue<String> out;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.CountDownLatch gone = new java.util.concurrent.CountDownLatch(1);
    private final String name;
    private volatile Runnable onClose = () -> { };
    private Thread writer;

    public FeedConnection(SocketChannel channel, int queue, String name) {
        this.channel = channel;
        this.out = new ArrayBlockingQueue<>(queue);
        this.name = name;
    }

    /** Starts reading ({@code in} runs on the reader thread, in order) and writing. */
    public void start(Consumer<FeedMessage> in, Runnable onClose) {
        this.onClose = onClose;
        writer = Thread.ofPlatform().daemon().name(name + "-out").start(this::write);
        Thread.ofPlatform().daemon().name(name + "-in").start(() -> read(in));
    }

    /** Sends {@code last} and then closes (after it was written, or when the peer reads nothing). */
    public void finish(FeedMessage last) {
        if (send(last) && !out.offer(END)) {
            close();
        }
    }

    /** Queues {@code m}; false (and the connection closed) when the peer has not kept up, or it is closed. */
    public boolean send(FeedMessage m) {
        if (closed.get()) {
            return false;
        }
        if (!out.offer(codec.encode(m))) {
            LOG.log(Level.WARNING, "{0}: the other side reads nothing ({1} messages waiting); closing the connection", name, out.size());
            close();
            return false;
        }
        return true;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** Waits until the connection is closed (after {@link #finish}: its last message written); false on timeout. */
    public boolean awaitClosed(java.time.Duration timeout) throws InterruptedException {
        return gone.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void write() {
        try {
            while (!closed.get()) {
                String line = out.take();
                if (line.isEmpty()) {
                    close();
                    return;
                }
                ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
        } catch (InterruptedException | IOException e) {
            close();
        }
    }

    private void read(Consumer<FeedMessage> in) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (channel.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    byte b = buf.get();
                    if (b != '\n') {
                        line.write(b);
                        if (line.size() > MAX_LINE) {
                            throw new IOException("a line longer than " + MAX_LINE + " bytes");
                        }
                        continue;
                    }
                    FeedMessage m;
                    try {
                        m = codec.decode(line.toString(StandardCharsets.UTF_8));
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "{0}: a message that cannot be read is skipped: {1}", name, e.getMessage());
                        line.reset();
                        continue;
                    }
                    line.reset();
                    in.accept(m);
                }
                buf.clear();
            }
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.log(Level.DEBUG, "{0}: {1}", name, e.toString());
            }
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "{0}: closing: {1}", name, e.toString());
        }
        if (writer != null) {
            writer.interrupt();
        }
        gone.countDown();
        onClose.run();
    }
}
