package org.watchtray.app.desktop.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import javafx.util.Duration;
import org.watchtray.app.ui.FxRuntime;
import org.watchtray.app.ui.Palette;
import org.watchtray.app.ui.PaletteSource;
import org.watchtray.app.ui.Themes;

/**
 * The in-app fallback when the desktop has no notification server: toasts stacked in the
 * top-right corner of the primary screen, with the toast's buttons.
 *
 * <p>Every toast is a popup owned by one invisible 1×1 utility stage, the anchor, and by nothing
 * else. That is what keeps the app alive: on GTK, closing a window destroys the native windows of
 * its popups at once, and JavaFX, finishing the popup's own hide afterwards, throws "The window
 * has already been closed" in the middle of a pulse while it holds the render lock, which it
 * then never releases; from then on no window is ever painted again. So a toast never belongs
 * to a window the user can close (ControlsFX's notifications borrow whichever window has the
 * focus, hence this small popup of our own), and the anchor is hidden only on a later turn of
 * the FX thread, when no toast shows, never from inside a toast's own hide.
 */
public final class FxToaster implements Toaster {
    // Seconds, not JavaFX Durations: this class is made at every start and must not load JavaFX
    // before the first in-app toast.
    private static final double NORMAL_SECONDS = 10;
    /** Critical toasts stay longer, but not for ever: a showing popup keeps the FX pulse (and the CPU) awake. */
    private static final double CRITICAL_SECONDS = 120;
    private static final double MARGIN = 12;
    private static final double GAP = 8;

    private final FxRuntime fx;
    private final Themes themes;
    private final String closeLabel;
    private final javafx.geometry.NodeOrientation orientation;
    private final AtomicLong ids = new AtomicLong();
    private volatile Listener listener;
    // FX-thread state: the toasts on screen, top to bottom, by id.
    private final Map<Long, ToastPopup> showing = new LinkedHashMap<>();
    private Stage anchor;

    public FxToaster(FxRuntime fx) {
        this(fx, new Themes(PaletteSource.fixed(Palette.LIGHT)));
    }

    /** English toasts (tests). @param themes the colour scheme of the toasts (the scene that owns their popups gets it) */
    public FxToaster(FxRuntime fx, Themes themes) {
        this(fx, themes, org.watchtray.app.text.Messages.english(java.time.ZoneId.systemDefault()));
    }

    /** @param messages the user's language, for the toast's own close button (the rest comes written in the toast) */
    public FxToaster(FxRuntime fx, Themes themes, org.watchtray.app.text.Messages messages) {
        this.fx = Objects.requireNonNull(fx);
        this.themes = Objects.requireNonNull(themes);
        this.closeLabel = messages.text("toast.close");
        this.orientation = messages.rightToLeft() ? javafx.geometry.NodeOrientation.RIGHT_TO_LEFT : javafx.geometry.NodeOrientation.LEFT_TO_RIGHT;
    }

    @Override
    public void listen(Listener l) {
        listener = l;
    }

    @Override
    public boolean available() {
        return !fx.started().isCompletedExceptionally();
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, false);
    }

    @Override
    public long show(Toast toast, long replaces) {
        long id = ids.incrementAndGet();
        fx.run(() -> {
            // A replaced toast keeps its place on screen and takes the new id.
            ToastPopup p = replaces == 0 ? null : showing.remove(replaces);
            if (p == null) {
                p = new ToastPopup(this::clicked, this::done, closeLabel, orientation);
            }
            showing.put(id, p);
            p.set(toast, "watchtray-toast-" + id, Duration.seconds(toast.urgency() == Urgency.CRITICAL ? CRITICAL_SECONDS : NORMAL_SECONDS));
            Stage owner = anchor();
            place();
            p.open(owner);
        });
        return id;
    }

    @Override
    public void close(long id) {
        fx.run(() -> {
            ToastPopup p = showing.get(id);
            if (p != null) {
                done(p);
            }
        });
    }

    /** Withdraws every toast (the app is quitting, or the desktop's server is back). */
    public void closeAll() {
        fx.run(() -> java.util.List.copyOf(showing.values()).forEach(this::done));
    }

    @Override
    public String describe() {
        return "in-app notifications";
    }

    private void clicked(ToastPopup p, ToastAction action) {
        Long id = idOf(p);
        Listener l = listener;
        if (id != null && l != null) {
            l.actionInvoked(this, id, action);
        }
    }

    /** The toast's time is up, it was closed or withdrawn: it goes, the others close ranks. */
    private void done(ToastPopup p) {
        Long id = idOf(p);
        if (id == null) {
            return;
        }
        showing.remove(id);
        p.hide();
        place();
        if (showing.isEmpty()) {
            // Not now: this may run inside a popup's hide, and hiding its owner there destroys it under JavaFX.
            Platform.runLater(this::hideAnchorWhenIdle);
        }
        Listener l = listener;
        if (l != null) {
            l.closed(this, id);
        }
    }

    private Long idOf(ToastPopup p) {
        for (Map.Entry<Long, ToastPopup> e : showing.entrySet()) {
            if (e.getValue() == p) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Stacks the toasts from the top right corner of the primary screen down. */
    private void place() {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double top = screen.getMinY() + MARGIN;
        for (ToastPopup p : showing.values()) {
            top += p.place(screen.getMaxX() - MARGIN, top) + GAP;
        }
    }

    /** With no toast left the anchor goes too, so no window shows and JavaFX can idle (FxPulse). */
    private void hideAnchorWhenIdle() {
        if (showing.isEmpty() && anchor != null && anchor.isShowing()) {
            anchor.hide();
        }
    }

    /**
     * The owner of every toast: a transparent 1×1 utility stage with a scene (a popup needs a
     * showing window to belong to); it cannot be seen or clicked.
     */
    private Stage anchor() {
        if (anchor == null) {
            anchor = new Stage(StageStyle.UTILITY);
            anchor.setOpacity(0);
            anchor.setScene(new Scene(new Group(), 1, 1));
            themes.apply(anchor.getScene());
            anchor.setX(0);
            anchor.setY(0);
            anchor.setWidth(1);
            anchor.setHeight(1);
        }
        if (!anchor.isShowing()) {
            anchor.show();
        }
        return anchor;
    }
}
