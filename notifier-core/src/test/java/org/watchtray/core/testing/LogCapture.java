package org.watchtray.core.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The log lines a class or package writes through {@link System.Logger} while a test runs.
 * Tests run on the class path with the JDK's default backend, java.util.logging, where a
 * {@code System.getLogger(name)} is the JUL logger of that name; this adds a handler to the
 * named logger (records of classes below it reach it too) and lets every level through until
 * {@link #close()}. Each line is the record's message with its parameters filled in.
 */
public final class LogCapture implements AutoCloseable {
    private static final SimpleFormatter MESSAGES = new SimpleFormatter();

    private final Logger logger; // held strongly: JUL keeps loggers only weakly
    private final Level previousLevel;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final Consumer<String> each;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String line = MESSAGES.formatMessage(record);
            lines.add(line);
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                problems.add(line);
            }
            each.accept(line);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(String name, Consumer<String> each) {
        this.each = each;
        logger = Logger.getLogger(name);
        previousLevel = logger.getLevel();
        handler.setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Captures what {@code type} logs (its logger is named after it). */
    public static LogCapture of(Class<?> type) {
        return named(type.getName());
    }

    /** Captures what every class in {@code type}'s package (and below) logs. */
    public static LogCapture ofPackage(Class<?> type) {
        return named(type.getPackageName());
    }

    /** Captures what the loggers named {@code name} or below it ({@code name.…}) log. */
    public static LogCapture named(String name) {
        return new LogCapture(name, line -> { });
    }

    /** As {@link #named(String)}, and hands each line to {@code each} as it comes (a child JVM prints them for its parent). */
    public static LogCapture named(String name, Consumer<String> each) {
        return new LogCapture(name, each);
    }

    /** The lines so far, in order; a live view safe to read from any thread. */
    public List<String> lines() {
        return lines;
    }

    /**
     * The lines logged as warnings or errors: what "nothing went wrong" means. An information line
     * such as the backend's "wall clock changed" (a VM whose clock is being corrected steps it
     * many times a second) is not one.
     */
    public List<String> problems() {
        return problems;
    }

    @Override
    public String toString() {
        return lines.toString();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }
}
