package org.watchtray.app.desktop;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
 * toast, and an open settings window. Problems found while the settings load come before the
 * toasts exist: their toasts are shown once the toast center is {@linkplain #toastWith attached}.
 */
final class SettingsProblems implements Consumer<SettingsProblem> {
    private static final System.Logger LOG = System.getLogger(SettingsProblems.class.getName());

    private final Consumer<Event> publish;
    private final Clock clock;
    private final Messages messages;
    private final Supplier<Windows> windows;
    private final List<SettingsProblem> untoasted = new ArrayList<>();
    private ToastCenter toasts;

    /**
     * @param publish  the hub
     * @param messages the user's language, for the toast
     * @param windows  the app's windows, or null while they do not exist yet
     */
    SettingsProblems(Consumer<Event> publish, Clock clock, Messages messages, Supplier<Windows> windows) {
        this.publish = Objects.requireNonNull(publish);
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
        ToastCenter center;
        synchronized (this) {
            center = toasts;
            if (center == null) {
                untoasted.add(p);
            }
        }
        if (center != null) {
            toast(center, p);
        }
        Windows w = windows.get();
        if (w != null) {
            w.settingsProblem(p);
        }
    }

    /** From now on problems are toasted at once; those found before are toasted now. */
    void toastWith(ToastCenter center) {
        List<SettingsProblem> pending;
        synchronized (this) {
            toasts = Objects.requireNonNull(center);
            pending = List.copyOf(untoasted);
            untoasted.clear();
        }
        pending.forEach(p -> toast(center, p));
    }

    private void toast(ToastCenter center, SettingsProblem p) {
        center.notice(messages.text("toast.settings_problem"), p.message(messages), Urgency.NORMAL);
    }
}
