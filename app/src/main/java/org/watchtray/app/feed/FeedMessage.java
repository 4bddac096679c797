package org.watchtray.app.feed;

import java.time.ZoneId;
import java.util.List;
import org.watchtray.app.settings.SettingsProblem;
import org.watchtray.core.event.Event;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.SourceStatus;

/**
 * What the tray process and the window process say to each other over the window feed (one JSON
 * object a line, {@link FeedCodec}). The tray owns the settings and the history; the window
 * shows them and sends the user's commands back.
 */
public sealed interface FeedMessage {

    /** What a window process says to the tray. */
    sealed interface ToTray extends FeedMessage {
    }

    /** What the tray says to a window process. */
    sealed interface ToWindow extends FeedMessage {
    }

    // The window process to the tray.

    /**
     * The first line of a window process.
     *
     * @param openTimeline whether it was started by hand (it then wants the timeline shown)
     */
    record Hello(long pid, boolean openTimeline) implements ToTray {
    }

    /** The window process's toolkit is up: from now on it answers each {@link Open} at once. */
    record Ready() implements ToTray {
    }

    /** The window of {@link Open} {@code seq} is on screen. */
    record Shown(long seq) implements ToTray {
    }

    /** The user has looked at the timeline: the tray stops counting what it had. */
    record Seen() implements ToTray {
    }

    /** "Mark all read": every event so far is marked read in the history, and seen. */
    record MarkAllRead() implements ToTray {
    }

    /** The settings dialog changed the settings; answered by {@link SettingsChanged} with the same {@code seq}. */
    record ApplySettings(long seq, Settings settings) implements ToTray {
    }

    /** Asks that every event accepted so far be in the history file; answered by {@link HistoryWritten}. */
    record SyncHistory(long seq) implements ToTray {
    }

    /** The window process cannot show windows here (no display, no JavaFX) and ends. */
    record Unavailable(String reason) implements ToTray {
    }

    // The tray to the window process.

    /**
     * The answer to {@link Hello} when this window process is the session's one.
     *
     * @param historyFile the history to read (read-only), or null when there is none on disk
     * @param zone        the system's time zone as the tray follows it ({@link ZoneChanged} tells each change)
     */
    record Welcome(String historyFile, Settings settings, List<SourceStatus> statuses, ZoneId zone) implements ToWindow {
    }

    /** The answer to {@link Hello} when another window process is the session's one: it was raised, this one ends. */
    record Busy() implements ToWindow {
    }

    /** Shows a window; answered by {@link Shown}. */
    record Open(long seq, Target target, Event at) implements ToWindow {
    }

    enum Target {
        TIMELINE, SETTINGS
    }

    /** A batch of events as the tray's hub delivered it. */
    record Events(List<Event> batch) implements ToWindow {
    }

    /**
     * The settings now (after a change from anywhere).
     *
     * @param answering the {@link ApplySettings} this answers, 0 for none
     * @param saved     whether the change reached the file
     */
    record SettingsChanged(long answering, Settings settings, boolean saved) implements ToWindow {
    }

    /** A problem with the settings files, for the dialog's status line. */
    record Problem(SettingsProblem problem) implements ToWindow {
    }

    record HistoryWritten(long seq) implements ToWindow {
    }

    /**
     * The system's time zone changed (the tray watches {@code /etc/localtime}): the window's times
     * follow it without a watch of their own in the window process.
     */
    record ZoneChanged(ZoneId zone) implements ToWindow {
    }

    /** Asks the window process to close its windows and end (the tray quits). */
    record Close() implements ToWindow {
    }
}
