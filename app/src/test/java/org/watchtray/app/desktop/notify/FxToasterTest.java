package org.watchtray.app.desktop.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.stage.PopupWindow;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.watchtray.app.testing.Events;
import org.watchtray.app.ui.FxRuntime;

/** The in-app toasts (no notification server) on JavaFX's Headless platform. */
@ExtendWith(ApplicationExtension.class)
class FxToasterTest {
    private final FxRuntime fx = new FxRuntime();
    private final FxToaster toaster = new FxToaster(fx);
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        toaster.listen(new Toaster.Listener() {
            @Override
            public void actionInvoked(Toaster from, long id, ToastAction action) {
                heard.add(id + " " + action);
            }

            @Override
            public void closed(Toaster from, long id) {
                heard.add(id + " closed");
            }
        });
    }

    private static List<PopupWindow> toasts() {
        return Window.getWindows().stream().filter(w -> w instanceof PopupWindow p && p.isShowing()
                && p.getScene().getRoot().lookup(".watchtray-toast") != null).map(w -> (PopupWindow) w).toList();
    }

    private static String text(PopupWindow p) {
        return p.getScene().getRoot().lookupAll(".label").stream().filter(n -> n instanceof Labeled)
                .map(n -> ((Labeled) n).getText()).filter(t -> t != null && !t.isBlank()).collect(Collectors.joining(" / "));
    }

    private static List<String> buttons(PopupWindow p) {
        return p.getScene().getRoot().lookupAll(".button").stream().filter(n -> n instanceof Button && !n.getStyleClass().contains("toast-close"))
                .map(n -> ((Button) n).getText()).filter(t -> t != null && !t.isBlank()).toList();
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, c);
    }

    @Test
    void aToastShowsItsTextAndButtonsAndAButtonReachesTheApp(FxRobot robot) throws Exception {
        long id = toaster.show(new ToastContent(new org.watchtray.app.text.EventText(org.watchtray.app.text.Messages.english(java.time.ZoneOffset.UTC))).of(Events.poolAt("253:4", 85, 85.2, Events.T0)), 0);
        waitFor(() -> toasts().size() == 1);
        PopupWindow p = toasts().getFirst();
        assertEquals("Thin pool 85% full / Thin pool \u201cvg0/pool0\u201d data is 85.2% full, full in about 3 h", text(p));
        waitFor(() -> buttons(p).size() == 2);
        assertEquals(List.of("Snooze 1 hour", "Mute thin pool"), buttons(p));

        Node snooze = p.getScene().getRoot().lookupAll(".button").stream()
                .filter(n -> n instanceof Button b && "Snooze 1 hour".equals(b.getText())).findFirst().orElseThrow();
        robot.interact(() -> ((Button) snooze).fire());
        waitFor(() -> heard.contains(id + " SNOOZE"));
    }

    @Test
    void aReplacedToastIsTheOnlyOneAndAWithdrawnOneGoes() throws Exception {
        long first = toaster.show(new ToastContent(new org.watchtray.app.text.EventText(org.watchtray.app.text.Messages.english(java.time.ZoneOffset.UTC))).of(Events.poolAt("253:4", 85, 85, Events.T0)), 0);
        waitFor(() -> toasts().size() == 1);
        long second = toaster.show(new ToastContent(new org.watchtray.app.text.EventText(org.watchtray.app.text.Messages.english(java.time.ZoneOffset.UTC))).of(Events.poolAt("253:4", 90, 90, Events.T0)), first);
        waitFor(() -> toasts().size() == 1 && text(toasts().getFirst()).startsWith("Thin pool 90% full"));
        toaster.close(second);
        waitFor(() -> toasts().isEmpty());
        waitFor(() -> heard.contains(second + " closed"));
        assertEquals(List.of(second + " closed"), heard, "replaced in place: the first toast's id just goes, as on a D-Bus server");
    }
}
