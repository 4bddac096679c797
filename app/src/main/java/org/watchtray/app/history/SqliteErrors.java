package org.watchtray.app.history;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import org.watchtray.app.history.HistoryException.Kind;

/** Sorts SQLite and file-system failures into what the user can act on. */
final class SqliteErrors {
    // Primary SQLite result codes (sqlite3.h); sqlite-jdbc reports the result code as the vendor code.
    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;

    private SqliteErrors() {
    }

    static HistoryException of(String what, SQLException e) {
        String text = e.getMessage() == null ? "" : e.getMessage();
        Kind kind = switch (e.getErrorCode() & 0xff) {
            case SQLITE_FULL -> Kind.FULL;
            case SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN -> Kind.READ_ONLY;
            case SQLITE_CORRUPT, SQLITE_NOTADB -> Kind.CORRUPT;
            default -> text.contains("disk I/O error") && text.contains("FULL") ? Kind.FULL : Kind.OTHER;
        };
        return new HistoryException(kind, what + ": " + plain(text), e);
    }

    static HistoryException of(String what, java.io.IOException e) {
        Kind kind = Kind.OTHER;
        String reason = e.getMessage();
        if (e instanceof AccessDeniedException) {
            kind = Kind.READ_ONLY;
            reason = "permission denied";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            reason = f.getReason();
            if (reason.contains("Read-only")) {
                kind = Kind.READ_ONLY;
            } else if (reason.contains("No space") || reason.contains("quota")) {
                kind = Kind.FULL;
            }
        }
        return new HistoryException(kind, what + ": " + reason, e);
    }

    /** sqlite-jdbc's messages look like "[SQLITE_FULL] Insertion failed … (database or disk is full)". */
    private static String plain(String message) {
        int open = message.lastIndexOf('(');
        int close = message.lastIndexOf(')');
        return open >= 0 && close > open ? message.substring(open + 1, close) : message;
    }
}
