package org.watchtray.core.journal;

/**
 * What became of one entry handed to a {@link JournalSink}: sent, or dropped and why. A sink
 * never retries, so every drop is final and the caller counts it.
 *
 * @param detail the failed call and its errno ("sendmsg: EAGAIN, Resource temporarily unavailable"); empty when sent
 */
public record Delivery(Outcome outcome, String detail) {

    public enum Outcome {
        SENT,
        /** journald is there but not keeping up: its socket queue stayed full for the send timeout (EAGAIN, ENOBUFS). */
        BUSY,
        /** No journald: the socket file is missing (ENOENT) or nobody listens on it (ECONNREFUSED). */
        ABSENT,
        /** Anything else (EACCES, an entry too large even for a memfd …). */
        FAILED
    }

    public static final Delivery SENT = new Delivery(Outcome.SENT, "");

    public Delivery {
        detail = detail == null ? "" : detail;
    }

    public boolean sent() {
        return outcome == Outcome.SENT;
    }
}
