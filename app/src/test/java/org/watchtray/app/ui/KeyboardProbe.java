package org.watchtray.app.ui;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.watchtray.app.testing.AppWindows;
import org.watchtray.app.testing.Fx;
import org.watchtray.app.ui.timeline.TimelineRow;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Severity;

/**
 * A keyboard-only walk through the app's windows on a real X server with GTK (run by
 * {@link KeyboardOnlyTest} in its own JVM): TestFX presses keys through the glass robot (XTest
 * key events, as a keyboard makes them) and never moves or clicks the mouse. It opens the
 * main window, filters by severity, searches, selects a row, reads its details, exports the
 * rows through the real GTK save dialog, opens and closes the settings and closes the window.
 * Prints one line per step ({@code OK step} or {@code FAIL step: why}) and exits 0 only when all
 * passed. Argument: a directory to write the export into.
 */
public final class KeyboardProbe {
    private static final FxRobot KEYS = new FxRobot();
    private static int failures;

    private KeyboardProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        FxToolkit.registerPrimaryStage();
        AppWindows w = AppWindows.create(out.resolve("settings-home"), PaletteSource.fixed(Palette.LIGHT));
        TableView<TimelineRow> table = w.main.tabs().timeline().tableView();

        // Open: as the tray does; from here on only keys.
        Fx.run(() -> w.main.show(null));
        step("open", () -> Fx.call(() -> w.main.stage().isShowing() && w.main.stage().isFocused()));

        // Filter: Ctrl+F is the search field, Tab the severity choice, whose arrow keys change it:
        // up to the top ("All severities"), then two down ("Warning and above").
        press(KeyCode.CONTROL, KeyCode.F);
        step("search field focused by Ctrl+F", () -> focusIs(w, "#filter-text"));
        press(KeyCode.TAB);
        step("Tab reaches the severity choice", () -> focusIs(w, "#filter-severity"));
        for (int i = 0; i < Severity.values().length; i++) {
            press(KeyCode.UP);
        }
        press(KeyCode.DOWN);
        press(KeyCode.DOWN);
        step("filter: warning and above", () -> Fx.call(() -> w.timeline.filter().get().minSeverity() == Severity.WARNING
                && !table.getItems().isEmpty() && table.getItems().stream().allMatch(r -> r.event().severity().atLeast(Severity.WARNING))));

        // Esc in an open drop-down closes only the drop-down.
        press(KeyCode.F4);
        step("F4 opens the severity choice", () -> Fx.call(() -> ((ComboBox<?>) w.mainScene().lookup("#filter-severity")).isShowing()));
        press(KeyCode.ESCAPE);
        step("Esc in the open choice closes only the choice", () -> Fx.call(() ->
                !((ComboBox<?>) w.mainScene().lookup("#filter-severity")).isShowing() && w.main.stage().isShowing()));

        // Search.
        press(KeyCode.CONTROL, KeyCode.F);
        KEYS.write("home");
        // (A "events were lost here" marker stays whatever the filter: it says the list has a gap.)
        step("search: one row about /home", () -> Fx.call(() -> {
            List<TimelineRow> found = table.getItems().stream().filter(r -> !r.isLossMarker()).toList();
            return found.size() == 1 && EnglishSummary.of(found.getFirst().event()).contains("/home");
        }));

        // Select the row: Tab on to the table, Down selects the first row.
        tabUntil(w, "#timeline-table");
        press(KeyCode.DOWN);
        step("the row is selected", () -> Fx.call(() -> table.getSelectionModel().getSelectedItem() != null
                && EnglishSummary.of(table.getSelectionModel().getSelectedItem().event()).contains("/home")));
        step("its details show", () -> Fx.call(() -> w.mainScene().lookup("#detail-title") instanceof Label l
                && l.getText().contains("/home")));

        // Export: Tab to the Export menu, open it with Space, Down to "CSV", Enter; the GTK save
        // dialog opens with its name field focused: type a full path and press Enter. The dialog
        // is GTK's, not a JavaFX window, so its keys are typed by xdotool (XTest, as TestFX's).
        tabUntil(w, "#export");
        press(KeyCode.SPACE);
        step("the export menu opens", () -> Fx.call(() -> ((MenuButton) w.mainScene().lookup("#export")).isShowing()));
        press(KeyCode.DOWN);
        Path csv = out.resolve("keyboard-export.csv");
        // Enter opens the native dialog, which blocks the FX thread until it closes: press it from here.
        KEYS.press(KeyCode.ENTER).release(KeyCode.ENTER);
        step("the save dialog opens", () -> dialogShows());
        String dialog = focusDialog();
        run("xdotool", "key", "--window", dialog, "ctrl+a");
        run("xdotool", "type", "--window", dialog, "--delay", "20", csv.toString());
        run("xdotool", "key", "--window", dialog, "Return");
        step("the rows shown are exported", () -> Files.exists(csv) && Files.readString(csv, StandardCharsets.UTF_8).contains("mounts.remounted_ro")
                && !Files.readString(csv, StandardCharsets.UTF_8).contains("usb."));

        // Settings by Ctrl+, and back with Esc; then Esc closes the main window too.
        Fx.run(() -> w.main.stage().requestFocus());
        press(KeyCode.CONTROL, KeyCode.COMMA);
        step("Ctrl+, opens the settings", () -> Fx.call(() -> w.settings.stage().isShowing()));
        press(KeyCode.ESCAPE);
        step("Esc closes the settings", () -> Fx.call(() -> !w.settings.stage().isShowing()));
        Fx.run(() -> w.main.stage().requestFocus());
        step("the main window has the keyboard again", () -> Fx.call(() -> w.main.stage().isFocused()));
        press(KeyCode.ESCAPE);
        step("the export button still has the focus", () -> focusIs(w, "#export"));
        step("Esc closes the main window", () -> Fx.call(() -> !w.main.stage().isShowing()));

        System.out.println(failures == 0 ? "DONE" : "FAILED " + failures);
        System.exit(failures == 0 ? 0 : 1);
    }

    private static void press(KeyCode... keys) {
        KEYS.press(keys).release(reversed(keys));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static KeyCode[] reversed(KeyCode[] keys) {
        KeyCode[] r = new KeyCode[keys.length];
        for (int i = 0; i < keys.length; i++) {
            r[i] = keys[keys.length - 1 - i];
        }
        return r;
    }

    private static boolean focusIs(AppWindows w, String id) {
        return Fx.call(() -> {
            Node want = w.mainScene().lookup(id);
            for (Node f = w.mainScene().getFocusOwner(); f != null; f = f.getParent()) {
                if (f == want) {
                    return true;
                }
            }
            return false;
        });
    }

    private static void tabUntil(AppWindows w, String id) {
        for (int i = 0; i < 30 && !focusIs(w, id); i++) {
            press(KeyCode.TAB);
        }
    }

    private static boolean dialogShows() throws Exception {
        return run("xdotool", "search", "--onlyvisible", "--name", "^Export the events shown$").exit == 0;
    }

    /** Gives the dialog the keyboard (there is no window manager to do it; not a mouse event); returns its window. */
    private static String focusDialog() throws Exception {
        String id = run("xdotool", "search", "--onlyvisible", "--name", "^Export the events shown$").out.lines().findFirst().orElseThrow();
        run("xdotool", "windowfocus", "--sync", id);
        return id;
    }

    private record Result(int exit, String out) {
    }

    private static Result run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(20, TimeUnit.SECONDS);
        return new Result(p.exitValue(), out);
    }

    /** Waits up to 20 s for {@code check} and prints the step's outcome. */
    private static void step(String name, Callable<Boolean> check) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Exception last = null;
        while (System.nanoTime() < end) {
            try {
                if (check.call()) {
                    System.out.println("OK " + name);
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        failures++;
        System.out.println("FAIL " + name + (last == null ? "" : ": " + last));
    }
}
