package org.watchtray.core.source;

import java.util.List;

/**
 * The backend: one thread, one epoll set, an eventfd to wake it. Sources are started and run
 * on that thread; other threads talk to it only through {@link #execute}.
 */
public interface Poller extends AutoCloseable {

    /** Adds a source; it is started on the backend thread. Safe from any thread. */
    void add(Source source);

    /** Starts the backend thread. */
    void start();

    /** Runs {@code task} on the backend thread (wakes it through the eventfd). Safe from any thread. */
    void execute(Runnable task);

    /** The current status of every source, in the order they were added. Safe from any thread. */
    List<SourceStatus> statuses();

    /** Stops the thread, closes every source and the poller's own fds. Idempotent. */
    @Override
    void close();
}
