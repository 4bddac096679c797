package org.watchtray.core.journal;

import java.util.List;

/**
 * Where journal entries go: the systemd journal's native socket in production (a
 * {@code native-access} binding), anything else in tests. {@link #send} waits at most the
 * sink's send timeout for room in journald's queue, never longer, and never retries: an entry
 * that cannot be delivered is dropped and the {@link Delivery} says why. Only the
 * {@link JournalWriter}'s own thread calls it, never the backend thread.
 */
public interface JournalSink extends AutoCloseable {
    /** Where journald listens for native-protocol datagrams, system and user entries alike. */
    java.nio.file.Path SOCKET = java.nio.file.Path.of("/run/systemd/journal/socket");

    /** How long one send may wait for room in journald's queue before the entry is dropped. */
    java.time.Duration SEND_TIMEOUT = java.time.Duration.ofMillis(500);


    /** Sends one entry, its fields in order; bounded wait. Safe from one thread at a time. */
    Delivery send(List<JournalField> entry);

    /** The mechanism, for the journal's source status: "native protocol to /run/systemd/journal/socket". */
    String describe();

    /** Releases the socket. Idempotent. */
    @Override
    void close();
}
