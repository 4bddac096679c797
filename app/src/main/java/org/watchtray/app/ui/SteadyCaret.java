package org.watchtray.app.ui;

import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.TextAreaSkin;
import javafx.scene.control.skin.TextFieldSkin;
import javafx.util.Duration;

/**
 * Text fields whose caret stops blinking {@link #BLINK_FOR} after the last keystroke, click or
 * focus, and stays shown, as GTK's own do ({@code gtk-cursor-blink-timeout}, 10 s by default).
 *
 * <p>Why: JavaFX blinks a focused field's caret with an endless {@code Timeline}, and while any
 * animation runs the toolkit pulses 60 times a second; a focused window with the caret in its
 * search field (where a search leaves it) would never let the pulse pause (docs/idle.md). The
 * skins' own {@code setCaretAnimating}, which their behaviour calls on every caret move, focus
 * change and click, is where the blinking starts and stops, so each call also restarts the
 * timeout; the timeout is itself an animation, but one that runs only while the caret blinks.
 */
public final class SteadyCaret {
    /** GTK's default {@code gtk-cursor-blink-timeout}. */
    static final Duration BLINK_FOR = Duration.seconds(10);

    private SteadyCaret() {
    }

    public static TextField textField() {
        TextField f = new TextField();
        f.setSkin(new FieldSkin(f));
        return f;
    }

    public static TextArea textArea(String text) {
        TextArea a = new TextArea(text);
        a.setSkin(new AreaSkin(a));
        return a;
    }

    /** Starts and stops one skin's blinking, and stops it for good {@link #BLINK_FOR} after it was last started. */
    private static final class Blink {
        private final Consumer<Boolean> animate;
        private final PauseTransition timeout = new PauseTransition(BLINK_FOR);

        Blink(Consumer<Boolean> animate) {
            this.animate = animate;
            timeout.setOnFinished(e -> animate.accept(false));   // the skin then shows the caret without blinking
        }

        void set(boolean on) {
            timeout.stop();
            animate.accept(on);
            if (on) {
                timeout.playFromStart();
            }
        }
    }

    private static final class FieldSkin extends TextFieldSkin {
        /** No initialiser: the super constructor may already call {@link #setCaretAnimating}. */
        private Blink blink;

        FieldSkin(TextField field) {
            super(field);
        }

        @Override
        public void setCaretAnimating(boolean on) {
            if (blink == null) {
                blink = new Blink(super::setCaretAnimating);
            }
            blink.set(on);
        }
    }

    private static final class AreaSkin extends TextAreaSkin {
        /** No initialiser: the super constructor may already call {@link #setCaretAnimating}. */
        private Blink blink;

        AreaSkin(TextArea area) {
            super(area);
        }

        @Override
        public void setCaretAnimating(boolean on) {
            if (blink == null) {
                blink = new Blink(super::setCaretAnimating);
            }
            blink.set(on);
        }
    }
}
