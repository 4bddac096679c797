package org.watchtray.app.desktop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.app.ui.timeline.TimelineRow;
import org.watchtray.app.window.WindowMain;

/**
 * The real window process ({@link WindowMain}, started by hand) with a test's eyes in it: each
 * command line on standard input gets one answer line on standard output, read from the FX
 * scene graph as a user's eyes would. When the window process ends it prints {@code ended STATUS}.
 *
 * <pre>
 * rows      the summaries of the timeline's rows, "|"-separated
 * shown     the summaries of the rows the table's cells show now, top to bottom, "|"-separated
 * first-time  the top row's time as its cell shows it, "|", its event's instant
 *           (cells take their rows in a pulse's layout: what the last frame drew)
 * pulse     what JavaFX's pulse timer does: ticking, paused or stopped (FxPulse)
 * selected  the summary of the timeline row selected in the main window
 * windows   titles of the showing windows
 * click-id ID  clicks the node with that id in a showing window, with the real mouse (TestFX's glass robot)
 * close     hides every window, as closing them does
 * </pre>
 */
public final class ScriptedWindow {
    private ScriptedWindow() {
    }

    public static void main(String[] args) throws Exception {
        Thread.ofPlatform().name("window-main").start(() -> {
            int status = WindowMain.run(args);
            System.out.println("ended " + status);
            System.out.flush();
            System.exit(status);
        });
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String answer;
            try {
                answer = switch (line.strip()) {
                    case "rows" -> ScriptedDesktop.onFx(() -> ScriptedDesktop.stage("watchtray").map(s -> ScriptedDesktop.timelineTable(s)
                            .getItems().stream().map(r -> EnglishSummary.of(r.event())).collect(Collectors.joining("|"))).orElse("(no window)"));
                    case "shown" -> ScriptedDesktop.onFx(() -> ScriptedDesktop.stage("watchtray").map(s -> ScriptedDesktop.timelineTable(s)
                            .lookupAll(".table-row-cell").stream().filter(n -> n instanceof TableRow<?> r && r.isVisible() && r.getItem() != null)
                            .map(n -> (TableRow<?>) n).sorted(java.util.Comparator.comparingInt(TableRow::getIndex))
                            .map(r -> EnglishSummary.of(((TimelineRow) r.getItem()).event())).collect(Collectors.joining("|")))
                            .orElse("(no window)"));
                    case "first-time" -> ScriptedDesktop.onFx(() -> ScriptedDesktop.stage("watchtray").flatMap(s -> ScriptedDesktop.timelineTable(s)
                            .lookupAll(".table-row-cell").stream().filter(n -> n instanceof TableRow<?> r && r.isVisible() && r.getItem() != null)
                            .map(n -> (TableRow<?>) n).min(java.util.Comparator.comparingInt(TableRow::getIndex))
                            .map(r -> ((Labeled) r.lookup(".time-cell")).getText() + "|" + ((TimelineRow) r.getItem()).event().time()))
                            .orElse("(no row)"));
                    case "pulse" -> ScriptedDesktop.onFx(ScriptedWindow::pulse);
                    case "selected" -> ScriptedDesktop.onFx(() -> ScriptedDesktop.stage("watchtray").map(s -> {
                        var r = ScriptedDesktop.timelineTable(s).getSelectionModel().getSelectedItem();
                        return r == null ? "(none)" : EnglishSummary.of(r.event());
                    }).orElse("(no window)"));
                    case "windows" -> ScriptedDesktop.onFx(() -> Window.getWindows().stream()
                            .filter(x -> x instanceof Stage s && s.isShowing() && s.getTitle() != null && !s.getTitle().isEmpty())
                            .map(x -> ((Stage) x).getTitle()).sorted().collect(Collectors.joining("|")));
                    case String c when c.startsWith("click-id ") -> {
                        String id = c.substring("click-id ".length());
                        yield ScriptedDesktop.click(() -> Window.getWindows().stream().filter(x -> x instanceof Stage && x.isShowing())
                                .map(x -> x.getScene().getRoot().lookup("#" + id)).filter(n -> n != null).findFirst(), "#" + id);
                    }
                    case "close" -> ScriptedDesktop.onFx(() -> {
                        Window.getWindows().stream().filter(x -> x instanceof Stage).toList().forEach(Window::hide);
                        return "closed";
                    });
                    default -> "unknown command " + line;
                };
            } catch (Exception e) {
                answer = "(failed: " + e + ")";
            }
            System.out.println(answer);
        }
    }

    /** The toolkit's pulse timer as FxPulse left it: read from the toolkit, as the window process holds no handle a test could ask. */
    private static String pulse() throws ReflectiveOperationException {
        Object toolkit = Class.forName("com.sun.javafx.tk.Toolkit").getMethod("getToolkit").invoke(null);
        java.lang.reflect.Field f = toolkit.getClass().getDeclaredField("pulseTimer");
        f.setAccessible(true);
        Object timer = f.get(toolkit);
        if (!timer.getClass().getSimpleName().equals("PausingPulseTimer")) {
            return "(not managed: " + timer.getClass().getName() + ")";
        }
        if (!(boolean) Class.forName("com.sun.glass.ui.Timer").getMethod("isRunning").invoke(timer)) {
            return "stopped";
        }
        java.lang.reflect.Method ticking = timer.getClass().getDeclaredMethod("ticking");
        ticking.setAccessible(true);
        return (boolean) ticking.invoke(timer) ? "ticking" : "paused";
    }
}
