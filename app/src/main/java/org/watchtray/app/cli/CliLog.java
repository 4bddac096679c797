package org.watchtray.app.cli;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * How the command line shows diagnostics: the classes log through {@code System.Logger} like
 * everywhere (docs/architecture.md, Logging); on a terminal each record is one line on stderr,
 * {@code watchtray: what happened}, not the logging backend's two-line default with a date.
 */
public final class CliLog {
    private CliLog() {
    }

    /** Gives the root logger's handlers (the console's) the one-line format. */
    public static void oneLinePerRecord() {
        Formatter oneLine = new Formatter() {
            @Override
            public String format(LogRecord r) {
                String thrown = r.getThrown() == null ? "" : " (" + r.getThrown() + ")";
                return "watchtray: " + formatMessage(r) + thrown + System.lineSeparator();
            }
        };
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.setFormatter(oneLine);
        }
    }
}
