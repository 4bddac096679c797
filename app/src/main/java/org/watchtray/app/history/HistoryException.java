package org.watchtray.app.history;

/**
 * The history could not be read or written. {@link Kind} says what the user can do about it;
 * the message says what happened, in words (never a stack trace in the UI).
 */
public final class HistoryException extends RuntimeException {

    public enum Kind {
        /** The disk (or the quota) is full. */
        FULL,
        /** The directory or file is read-only, or we may not create it. */
        READ_ONLY,
        /** The file is not a SQLite database or is damaged. */
        CORRUPT,
        /** Written by a newer watchtray whose schema we do not know. */
        NEWER_SCHEMA,
        /** Anything else (I/O error, locked for too long …). */
        OTHER
    }

    private final Kind kind;

    public HistoryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
