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

    /** Sends one entry, its fields in order; bounded wait. Safe from one thread at a time. */
    Delivery send(List<JournalField> entry);

    /** The mechanism, for the journal's source status: "native protocol to /run/systemd/journal/socket". */
    String describe();

    /** Releases the socket. Idempotent. */
    @Override
    void close();
}
