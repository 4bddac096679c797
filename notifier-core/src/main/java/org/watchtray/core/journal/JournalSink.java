package org.watchtray.core.journal;

import java.util.List;

/**
 * Where journal entries go: the systemd journal's native socket in production (a
 * {@code native-access} binding), anything else in tests. {@link #send} never blocks: an entry
 * that cannot be delivered at once is dropped and the {@link Delivery} says why.
 */
public interface JournalSink extends AutoCloseable {

    /** Sends one entry, its fields in order. Safe from one thread at a time. */
    Delivery send(List<JournalField> entry);

    /** The mechanism, for the journal's source status: "native protocol to /run/systemd/journal/socket". */
    String describe();

    /** Releases the socket. Idempotent. */
    @Override
    void close();
}
