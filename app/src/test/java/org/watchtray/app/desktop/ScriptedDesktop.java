package org.watchtray.app.desktop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.PopupWindow;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.watchtray.app.testing.Events;
import org.watchtray.app.ui.timeline.TimelineRow;
import org.watchtray.app.ui.timeline.TimelineView;
import org.watchtray.core.event.Event;
import org.watchtray.app.wiring.Backend;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.pipeline.TimelineFilter;
import org.watchtray.core.settings.Settings;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.core.source.EventLoop;
import org.watchtray.core.settings.Environment;

/**
 * The real desktop app in its own process, as a test drives it: built by {@link DesktopApp}
 * from this process's environment (a private session), with a backend that runs no sources,
 * so the events are the ones the test writes to standard input. Each command line gets one
 * answer line on standard output. The app itself is not changed for the test: the commands
 * publish into its hub and look at its FX scene graph, as a user's eyes would.
 *
 * <pre>
 * mount-ro PATH | mount-rw PATH | pool PERCENT | pool-resolved | ticket-soon PRINCIPAL | usb-error PORT
 * toasts            in-app toasts showing: their text, "|"-separated
 * selected          the summary of the timeline row selected in the main window
 * rows              the summaries of the timeline's rows, "|"-separated
 * settings-tab N    selects tab N of the settings dialog
 * windows           titles of the showing windows
 * pulse             whether JavaFX's pulse timer runs ("running", "stopped")
 * quit
 * </pre>
 */
public final class ScriptedDesktop {
    private ScriptedDesktop() {
    }

    public static void main(String[] args) throws Exception {
        Clock clock = Clock.systemDefaultZone();
        // The test has no KDC here (KerberosCommandTest covers TicketRenewer against a real one):
        // this renewal reports what it was asked and fails the way an unreachable KDC does.
        DesktopApp.Renewal renewal = (ticket, settings) -> {
            System.out.println("renewing " + ticket.principal());
            return Optional.of("the KDC for EXAMPLE.ORG could not be reached");
        };
        DesktopApp.Config config = new DesktopApp.Config(Environment.current(), clock,
                settings -> noSources(settings, clock),
                "/usr/bin/watchtray", ProcessHandle.current().pid(), renewal);
        Optional<DesktopApp> started = DesktopApp.start(config);
        if (started.isEmpty()) {
            System.out.println("another instance");
            return;
        }
        DesktopApp app = started.get();
        System.out.println("ready " + (app.tray() == null ? "no-tray" : app.tray().describe()));
        Thread.ofPlatform().daemon().start(() -> {
            try {
                app.awaitQuit();
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("quit");
            System.exit(app.exitStatus()); // as DesktopMain does

        });
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.strip().split(" ", 2);
            String arg = w.length > 1 ? w[1] : "";
            String answer;
            try {
                answer = answer(app, w[0], arg, clock.instant());
            } catch (Exception e) {
                answer = "(failed: " + e + ")";
            }
            System.out.println(answer);
        }
    }

    private static String answer(DesktopApp app, String command, String arg, Instant now) throws Exception {
        return switch (command) {
        case "mount-ro" -> publish(app, Events.remountedReadOnly(arg, now));
        case "mount-rw" -> publish(app, Events.remountedReadWrite(arg, now));
        case "pool" -> publish(app, Events.poolAt("253:4", Integer.parseInt(arg), Double.parseDouble(arg), now));
        case "pool-resolved" -> publish(app, Events.poolResolved("253:4", now));
        case "ticket-soon" -> publish(app, Events.ticketExpiresSoon(arg, Duration.ofMinutes(15), now));
        case "usb-error" -> publish(app, Events.usbError(arg, now));
        case "toasts" -> onFx(() -> Window.getWindows().stream()
                .filter(x -> x instanceof PopupWindow && x.isShowing() && x.getScene().getRoot().lookup(".watchtray-toast") != null)
                .map(x -> texts(x.getScene().getRoot())).collect(Collectors.joining("|")));
        case "selected" -> onFx(() -> stage("watchtray").map(s -> {
            TableView<TimelineRow> t = timelineTable(s);
            TimelineRow r = t.getSelectionModel().getSelectedItem();
            return r == null ? "(none)" : r.event().summary();
        }).orElse("(no window)"));
        case "rows" -> onFx(() -> stage("watchtray").map(s -> {
            TableView<TimelineRow> t = timelineTable(s);
            return t.getItems().stream().map(r -> r.event().summary()).collect(Collectors.joining("|"));
        }).orElse("(no window)"));
        case "settings-tab" -> onFx(() -> stage("watchtray settings").map(s -> {
            ((TabPane) s.getScene().getRoot().lookup("#settings-tabs")).getSelectionModel().select(Integer.parseInt(arg));
            return "ok";
        }).orElse("(no window)"));
        case "pulse" -> onFx(() -> app.fx().pulseRunning().map(r -> r ? "running" : "stopped").orElse("(not managed)"));
        case "windows" -> onFx(() -> Window.getWindows().stream()
                .filter(x -> x instanceof Stage s && s.isShowing() && s.getTitle() != null && !s.getTitle().isEmpty())
                .map(x -> ((Stage) x).getTitle()).sorted().collect(Collectors.joining("|")));
        case "quit" -> {
            System.out.println("closing");
            app.close();
            yield "closed";
        }
        default -> "unknown command " + command;
        };
    }

    /** The real backend thread and hub, without sources: this machine's keys and tickets stay out of the test. */
    private static Backend noSources(Settings settings, Clock clock) throws Exception {
        EventHub hub = new EventHub(TimelineFilter.from(settings), System.err::println);
        return new Backend(hub, new EventLoop(new LinuxLibc(), clock, hub, System.err::println), java.util.List.of());
    }

    private static TableView<TimelineRow> timelineTable(Stage s) {
        return s.getScene().getRoot().lookupAll(".timeline").stream().filter(n -> n instanceof TimelineView)
                .map(n -> ((TimelineView) n).tableView()).findFirst().orElseThrow();
    }

    private static String publish(DesktopApp app, Event e) {
        app.hub().publish(e);
        return "published " + e.name();
    }

    private static Optional<Stage> stage(String title) {
        return Window.getWindows().stream().filter(x -> x instanceof Stage s && title.equals(s.getTitle()) && s.isShowing())
                .map(x -> (Stage) x).findFirst();
    }

    private static String texts(Node root) {
        return root.lookupAll(".label").stream().filter(n -> n instanceof Labeled)
                .map(n -> ((Labeled) n).getText()).filter(t -> t != null && !t.isBlank())
                .collect(Collectors.joining(" / "));
    }

    private static String onFx(java.util.concurrent.Callable<String> work) throws Exception {
        if (!isFxUp()) {
            return "(no fx)";
        }
        CompletableFuture<String> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    private static boolean isFxUp() {
        try {
            Platform.runLater(() -> { });
            return true;
        } catch (IllegalStateException notStarted) {
            return false;
        }
    }
}
