package org.watchtray.app.desktop.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.PopupWindow;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.action.Action;
import org.watchtray.app.ui.FxRuntime;

/**
 * The in-app fallback when the desktop has no notification server: ControlsFX notifications in
 * the top-right corner of the screen, with the toast's buttons. ControlsFX needs a showing
 * stage with a scene even when no window is open, so a transparent 1×1 utility stage serves
 * as one. A toast is found again (to replace or withdraw it) by a style class carrying its id.
 */
public final class FxToaster implements Toaster {
    // Seconds, not JavaFX Durations: this class is made at every start and must not load JavaFX
    // before the first in-app toast.
    private static final double NORMAL_SECONDS = 10;
    /** Critical toasts stay longer, but not for ever: a waiting ControlsFX toast keeps the FX pulse (and the CPU) awake. */
    private static final double CRITICAL_SECONDS = 120;
    private final FxRuntime fx;
    private final AtomicLong ids = new AtomicLong();
    private volatile Listener listener;
    private Stage anchor;

    public FxToaster(FxRuntime fx) {
        this.fx = Objects.requireNonNull(fx);
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
            if (replaces != 0) {
                hide(replaces);
            }
            Notifications n = Notifications.create()
                    .title(toast.title())
                    .text(toast.body())
                    .owner(owner())
                    .position(Pos.TOP_RIGHT)
                    .hideAfter(Duration.seconds(toast.urgency() == Urgency.CRITICAL ? CRITICAL_SECONDS : NORMAL_SECONDS))
                    .styleClass(styleClass(id), "watchtray-toast");
            List<Action> buttons = new ArrayList<>();
            for (Map.Entry<ToastAction, String> a : toast.actions().entrySet()) {
                if (a.getKey() == ToastAction.SHOW) {
                    // Clicking the toast shows it in the timeline; no button needed (and the toast stays narrow).
                    n.onAction(e -> invoked(id, ToastAction.SHOW));
                } else {
                    buttons.add(new Action(a.getValue(), e -> invoked(id, a.getKey())));
                }
            }
            n.action(buttons.toArray(Action[]::new));
            n.show();
            popup(id).ifPresent(p -> p.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> {
                closed(id);
                hideAnchorWhenIdle();
            }));
        });
        return id;
    }

    @Override
    public void close(long id) {
        fx.run(() -> hide(id));
    }

    @Override
    public String describe() {
        return "in-app notifications";
    }

    private void invoked(long id, ToastAction action) {
        Listener l = listener;
        if (l != null) {
            l.actionInvoked(this, id, action);
        }
    }

    private void closed(long id) {
        Listener l = listener;
        if (l != null) {
            l.closed(this, id);
        }
    }

    private void hide(long id) {
        popup(id).ifPresent(Window::hide);
    }

    /** With no toast left the anchor goes too, so no window shows and JavaFX can idle (FxPulse). */
    private void hideAnchorWhenIdle() {
        boolean toastsLeft = Window.getWindows().stream().anyMatch(w -> w instanceof PopupWindow && w.isShowing()
                && w.getScene().getRoot().lookup(".watchtray-toast") != null);
        if (!toastsLeft && anchor != null) {
            anchor.hide();
        }
    }

    private static String styleClass(long id) {
        return "watchtray-toast-" + id;
    }

    /** The popup window showing toast {@code id}, while it shows. */
    private static java.util.Optional<PopupWindow> popup(long id) {
        for (Window w : Window.getWindows()) {
            if (w instanceof PopupWindow p && p.getScene() != null && p.getScene().getRoot().lookup("." + styleClass(id)) != null) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Where the toasts go: the primary screen (ControlsFX places them in its corner). A popup
     * also needs a showing window to belong to, so a transparent 1×1 utility stage with a
     * scene is shown once; it cannot be seen or clicked.
     */
    private Screen owner() {
        if (anchor == null) {
            anchor = new Stage(StageStyle.UTILITY);
            anchor.setOpacity(0);
            anchor.setScene(new Scene(new Group(), 1, 1));
            anchor.setX(0);
            anchor.setY(0);
            anchor.setWidth(1);
            anchor.setHeight(1);
        }
        if (!anchor.isShowing()) {
            anchor.show();
        }
        return Screen.getPrimary();
    }
}
