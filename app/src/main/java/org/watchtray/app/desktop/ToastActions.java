package org.watchtray.app.desktop;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.watchtray.app.desktop.notify.ToastCenter;
import org.watchtray.app.settings.SettingsService;
import org.watchtray.app.wiring.Backend;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.settings.SettingsBuilder;

/** What a toast's buttons do: show the event in the timeline, renew a ticket, mute a source. */
final class ToastActions implements ToastCenter.Actions {
    private final Supplier<Windows> windows;
    private final DesktopApp.Renewal renewal;
    private final Supplier<SettingsService> settings;
    private final Supplier<Backend> backend;
    private final Consumer<Event> publish;
    private final Clock clock;

    /**
     * @param windows  the app's windows (toasts can show before them; a button is pressed after)
     * @param settings the settings service, and {@code backend} the sources: toasts show from the
     *                 app's first moment, before the settings are loaded and the sources built
     * @param publish  where a failed renewal is told (the timeline and a toast)
     */
    ToastActions(Supplier<Windows> windows, DesktopApp.Renewal renewal, Supplier<SettingsService> settings, Supplier<Backend> backend,
                 Consumer<Event> publish, Clock clock) {
        this.windows = Objects.requireNonNull(windows);
        this.renewal = Objects.requireNonNull(renewal);
        this.settings = Objects.requireNonNull(settings);
        this.backend = Objects.requireNonNull(backend);
        this.publish = Objects.requireNonNull(publish);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public void showInTimeline(Event event) {
        windows.get().openTimeline(event);
    }

    @Override
    public void renew(CredentialEvent ticket) {
        // Renewal waits for the KDC: never on the toast thread.
        Thread.ofVirtual().name("watchtray-renew").start(() -> renewal.renew(ticket, settings.get().current()).ifPresentOrElse(problem ->
                publish.accept(new CredentialEvent(clock.instant(), CredentialEvent.Change.RENEW_FAILED, ticket.principal(),
                        ticket.cache(), ticket.endTime(), ticket.renewUntil(), ticket.renewable(), null, problem)),
                // Read the caches now: a KCM cache has no change signal, and the toast waits for "renewed".
                () -> backend.get().resync(SourceId.KERBEROS)));
    }

    @Override
    public boolean canRenew() {
        return renewal.available();
    }

    @Override
    public void mute(SourceId source) {
        SettingsService service = settings.get();
        if (service != null) { // null only in the instant before the settings have loaded
            service.update(s -> SettingsBuilder.from(s).toasts(source, false).build());
        }
    }
}
