package org.watchtray.app.desktop.notify;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.geometry.NodeOrientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * One in-app toast on screen: a popup with the title, the body, the toast's buttons and a close
 * button. Clicking the text is the toast's "show" action. It hides itself after a while unless
 * it is replaced first, which restarts the wait. FX thread only.
 */
final class ToastPopup {
    static final double WIDTH = 400;

    private final Popup popup = new Popup();
    private final VBox box = new VBox(6);
    private final Label title = new Label();
    private final Label body = new Label();
    /** The buttons wrap onto a second line when their words are long (German, the pseudo-locale). */
    private final FlowPane buttons = new FlowPane(6, 6);
    private final PauseTransition timeout = new PauseTransition();
    private final BiConsumer<ToastPopup, ToastAction> onAction;

    /**
     * @param onAction a button or the text was clicked
     * @param onDone   the toast's time is up, or the user closed it
     * @param closeLabel what a screen reader calls the close button
     * @param orientation right to left for a language written that way (close button and actions mirror)
     */
    ToastPopup(BiConsumer<ToastPopup, ToastAction> onAction, Consumer<ToastPopup> onDone, String closeLabel, NodeOrientation orientation) {
        this.onAction = onAction;
        box.setNodeOrientation(orientation);
        title.getStyleClass().add("toast-title");
        body.getStyleClass().add("toast-body");
        body.setWrapText(true);
        Button close = new Button("\u00d7");
        close.getStyleClass().add("toast-close");
        close.setAccessibleText(closeLabel);
        close.setOnAction(e -> onDone.accept(this));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(title, gap, close);
        head.setAlignment(Pos.CENTER_LEFT);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        buttons.setPrefWrapLength(WIDTH - 24);
        box.getChildren().addAll(head, body, buttons);
        box.setPrefWidth(WIDTH);
        box.setMaxWidth(WIDTH);
        box.getStyleClass().add("watchtray-toast");
        box.getStylesheets().add(ToastPopup.class.getResource("toast.css").toExternalForm());
        popup.getContent().add(box);
        popup.setAutoFix(false);
        popup.setAutoHide(false);
        timeout.setOnFinished(e -> onDone.accept(this));
    }

    /** Sets (or rewrites) what the toast says; its time on screen starts again. */
    void set(Toast toast, String styleClass, Duration time) {
        box.getStyleClass().removeIf(c -> c.startsWith("watchtray-toast-") || c.startsWith("urgency-"));
        box.getStyleClass().addAll(styleClass, "urgency-" + toast.urgency().name().toLowerCase(java.util.Locale.ROOT));
        title.setText(toast.title());
        body.setText(toast.body());
        buttons.getChildren().clear();
        boolean clickable = false;
        for (Map.Entry<ToastAction, String> a : toast.actions().entrySet()) {
            if (a.getKey() == ToastAction.SHOW) {
                clickable = true;
            } else {
                Button b = new Button(a.getValue());
                b.setMinWidth(Region.USE_PREF_SIZE);
                ToastAction action = a.getKey();
                b.setOnAction(e -> onAction.accept(this, action));
                buttons.getChildren().add(b);
            }
        }
        buttons.setVisible(!buttons.getChildren().isEmpty());
        buttons.setManaged(buttons.isVisible());
        if (clickable) {
            title.setOnMouseClicked(e -> onAction.accept(this, ToastAction.SHOW));
            body.setOnMouseClicked(e -> onAction.accept(this, ToastAction.SHOW));
        } else {
            title.setOnMouseClicked(null);
            body.setOnMouseClicked(null);
        }
        timeout.stop();
        timeout.setDuration(time);
        timeout.playFromStart();
    }

    /** Shows the toast (once placed) as a popup of {@code owner}, which must stay showing while it does. */
    void open(Window owner) {
        if (!popup.isShowing()) {
            popup.show(owner);
        }
    }

    /** Puts the toast's top right corner at ({@code right}, {@code top}); returns its height. */
    double place(double right, double top) {
        box.applyCss();
        box.layout();
        popup.setAnchorX(right - WIDTH);
        popup.setAnchorY(top);
        return box.prefHeight(WIDTH);
    }

    void hide() {
        timeout.stop();
        popup.hide();
    }

    boolean showing() {
        return popup.isShowing();
    }
}
