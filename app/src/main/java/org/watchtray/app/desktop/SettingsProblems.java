package org.watchtray.app.desktop;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.watchtray.app.desktop.notify.ToastCenter;
import org.watchtray.app.desktop.notify.Urgency;
import org.watchtray.app.settings.SettingsProblem;
import org.watchtray.app.text.Messages;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.event.SourceStatusEvent;
import org.watchtray.core.source.SourceStatus;

/**
 * Where a settings problem goes: the timeline (as watchtray's own status, through the hub), one
 * toast, and an open settings window. The hub and the toasts exist before the settings load
 * ({@link DesktopApp}), so a problem found while loading goes straight to them like any other.
 */
final class SettingsProblems implements Consumer<SettingsProblem> {
    private static final System.Logger LOG = System.getLogger(SettingsProblems.class.getName());

    private final Consumer<Event> publish;
    private final Clock clock;
    private final Messages messages;
    private final ToastCenter toasts;
    private final Supplier<Windows> windows;

    /**
     * @param publish  the hub
     * @param messages the user's language, for the toast
     * @param windows  the app's windows, or null while they do not exist yet
     */
    SettingsProblems(Consumer<Event> publish, ToastCenter toasts, Clock clock, Messages messages, Supplier<Windows> windows) {
        this.publish = Objects.requireNonNull(publish);
        this.toasts = Objects.requireNonNull(toasts);
        this.clock = Objects.requireNonNull(clock);
        this.messages = Objects.requireNonNull(messages);
        this.windows = Objects.requireNonNull(windows);
    }

    @Override
    public void accept(SettingsProblem p) {
        LOG.log(Level.WARNING, p.message());
        // watchtray itself runs on, so this is not "not running": it says what the app does instead.
        // The timeline's record is English (the history keeps it); it is shown in the user's language.
        publish.accept(new SourceStatusEvent(clock.instant(),
                new SourceStatus(SourceId.META, SourceStatus.State.DEGRADED, p.mechanism(), p.message())));
        toasts.notice(messages.text("toast.settings_problem"), p.message(messages), Urgency.NORMAL);
        Windows w = windows.get();
        if (w != null) {
            w.settingsProblem(p);
        }
    }

}
