package org.watchtray.app.desktop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.app.wiring.Backend;
import org.watchtray.core.pipeline.EventHub;
import org.watchtray.core.pipeline.TimelineFilter;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.source.EventLoop;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.testing.TimedatectlLink;
import org.watchtray.core.time.SystemZone;
import org.watchtray.core.time.ZoneWatch;

/**
 * The real desktop app in its own process, as a test drives it: built by {@link DesktopApp}
 * from this process's environment (a private session), with a backend that runs no sources,
 * so the events are the ones the test writes to standard input. Each command line gets one
 * answer line on standard output. The app itself is not changed for the test: the commands
 * publish into its hub and look at its FX scene graph, as a user's eyes would.
 *
 * <pre>
 * mount-ro PATH | mount-rw PATH | pool PERCENT | pool-resolved | ticket-soon PRINCIPAL | usb-error PORT
 * ticket-expired PRINCIPAL END  "expired" for the ticket that ended at END (an instant), as the source says it at start
 * toasts            in-app toasts showing: their text, "|"-separated
 * selected          the summary of the timeline row selected in the main window
 * rows              the summaries of the timeline's rows, "|"-separated
 * settings-tab N    selects tab N of the settings dialog
 * click-toast LABEL clicks the in-app toast's button LABEL with the real mouse (TestFX's glass robot)
 * click TITLE|TEXT  clicks the first visible node of window TITLE that shows TEXT, with the real mouse
 * click-popup TEXT  clicks the node showing TEXT in an open popup (a menu), with the real mouse
 * popup TEXT        whether an open popup shows TEXT ("yes", "no")
 * status            the timeline's status line
 * detail            the title of the timeline's detail pane ("(hidden)" when it shows nothing)
 * tab TITLE         the selected tab of window TITLE
 * sources           the Sources tab's rows: "source state mechanism since", "|"-separated
 * windows           titles of the showing windows
 * open-timeline     asks the app to show its timeline (as a tray click does)
 * window-pid        the pid of the window process that is connected (-1: none)
 * pulse             whether JavaFX's pulse timer runs ("running", "stopped")
 * quit
 * </pre>
 */
public final class ScriptedDesktop {
    private ScriptedDesktop() {
    }

    public static void main(String[] args) throws Exception {
        Environment env = Environment.current();
        // SCRIPTED_ETC=DIR: the app follows DIR/localtime as it follows /etc/localtime (watched,
        // the JVM's default left alone); otherwise its zone is the JVM's and fixed.
        SystemZone zone = SystemZone.fixed(ZoneId.systemDefault());
        if (env.get("SCRIPTED_ETC").isPresent()) {
            zone = TimedatectlLink.following(Path.of(env.get("SCRIPTED_ETC").get()), ZoneId.systemDefault());
            zone.recheck();
            ZoneWatch.start(org.watchtray.nativeaccess.NativeAccess.linux().libc(), zone);   // for the process's life
        }
        Clock clock = zone.clock();
        // With SCRIPTED_KERBEROS=real the app watches and renews real tickets (KRB5_CONFIG and
        // KRB5CCNAME name a test realm). Otherwise there is no KDC: this renewal reports what it
        // was asked and fails the way an unreachable KDC does.
        boolean realKerberos = "real".equals(System.getenv("SCRIPTED_KERBEROS"));
        DesktopApp.Renewal fake = (ticket, settings) -> {
            System.out.println("renewing " + ticket.principal());
            return Optional.of("the KDC for EXAMPLE.ORG could not be reached");
        };
        DesktopApp.Config config = new DesktopApp.Config(env, clock,
                (hub, settings) -> realKerberos ? kerberosOnly(hub, settings, env, clock) : noSources(hub, clock),
                "/usr/bin/watchtray", ProcessHandle.current().pid(), realKerberos ? new KerberosRenewal(org.watchtray.nativeaccess.NativeAccess.linux().kerberos(env, clock)) : fake,
                // SCRIPTED_WINDOWS=process: the windows in their own process, as the app runs them; the commands
                // that look at the scene graph then see none (the test looks at the window process from outside).
                "process".equals(System.getenv("SCRIPTED_WINDOWS")) ? DesktopApp.WindowPlace.OWN_PROCESS : DesktopApp.WindowPlace.TRAY_PROCESS,
                org.watchtray.core.os.NativeHeap.NONE, zone);
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
        case "ticket-expired" -> {
            String[] a = arg.split(" ", 2);
            yield publish(app, new org.watchtray.core.kerberos.CredentialEvent(now, org.watchtray.core.kerberos.CredentialEvent.Change.EXPIRED,
                    a[0], "KCM:1000", Instant.parse(a[1]), null, false, null, null));
        }
        case "usb-error" -> publish(app, Events.usbError(arg, now));
        case "toasts" -> onFx(() -> toastPopups().map(x -> texts(x.getScene().getRoot())).collect(Collectors.joining("|")));
        case "selected" -> onFx(() -> stage("watchtray").map(s -> {
            TableView<TimelineRow> t = timelineTable(s);
            TimelineRow r = t.getSelectionModel().getSelectedItem();
            return r == null ? "(none)" : EnglishSummary.of(r.event());
        }).orElse("(no window)"));
        case "rows" -> onFx(() -> stage("watchtray").map(s -> {
            TableView<TimelineRow> t = timelineTable(s);
            return t.getItems().stream().map(r -> EnglishSummary.of(r.event())).collect(Collectors.joining("|"));
        }).orElse("(no window)"));
        case "click-toast" -> click(() -> toastPopups().flatMap(x -> x.getScene().getRoot().lookupAll(".button").stream())
                .filter(n -> n instanceof Labeled l && arg.equals(l.getText())).findFirst(), arg);
        case "click" -> {
            String[] t = arg.split("\\|", 2);
            yield click(() -> stage(t[0]).flatMap(s -> nodes(s.getScene().getRoot())
                    .filter(n -> n instanceof Labeled l && t[1].equals(l.getText()) && n.isVisible())
                    .findFirst()), arg);
        }
        case "click-popup" -> click(() -> Window.getWindows().stream()
                .filter(x -> x instanceof PopupWindow && x.isShowing() && x.getScene() != null)
                .flatMap(x -> nodes(x.getScene().getRoot()))
                .filter(n -> n instanceof Labeled l && arg.equals(l.getText()) && n.isVisible()).findFirst(), arg);
        case "popup" -> onFx(() -> Window.getWindows().stream()
                .filter(x -> x instanceof PopupWindow && x.isShowing() && x.getScene() != null)
                .flatMap(x -> nodes(x.getScene().getRoot()))
                .anyMatch(n -> n instanceof Labeled l && arg.equals(l.getText()) && n.isVisible()) ? "yes" : "no");
        case "status" -> onFx(() -> stage("watchtray").map(s -> ((Labeled) s.getScene().getRoot().lookup("#status-label")).getText())
                .orElse("(no window)"));
        case "detail" -> onFx(() -> stage("watchtray").map(s -> {
            Node pane = s.getScene().getRoot().lookup("#detail-pane");
            Node title = s.getScene().getRoot().lookup("#detail-title");
            return pane == null || !pane.isVisible() || !(title instanceof Labeled l) ? "(hidden)" : l.getText();
        }).orElse("(no window)"));
        // The sources' tab gets its table when first chosen: asked of the tabs, whichever tab shows.
        case "sources" -> onFx(() -> stage("watchtray").map(s -> s.getScene().getRoot().lookupAll(".tab-pane").stream()
                .filter(n -> n instanceof org.watchtray.app.ui.timeline.TimelineTabs)
                .map(n -> ((org.watchtray.app.ui.timeline.TimelineTabs) n).sources().lookup("#sources-table"))
                .map(n -> ((TableView<?>) n).getItems().stream().map(o -> {
                    var r = (org.watchtray.app.ui.timeline.SourcesViewModel.SourceRow) o;
                    return r.status().source().wireName() + " " + r.status().state().wireName() + " " + r.status().mechanism()
                            + " " + r.since();
                }).collect(Collectors.joining("|"))).findFirst().orElse("(no table)")).orElse("(no window)"));
        case "tab" -> onFx(() -> stage(arg).flatMap(s -> s.getScene().getRoot().lookupAll(".tab-pane").stream()
                .map(n -> ((TabPane) n).getSelectionModel().getSelectedItem().getText()).findFirst()).orElse("(no window)"));
        case "settings-tab" -> onFx(() -> stage("watchtray settings").map(s -> {
            ((TabPane) s.getScene().getRoot().lookup("#settings-tabs")).getSelectionModel().select(Integer.parseInt(arg));
            return "ok";
        }).orElse("(no window)"));
        case "pulse" -> onFx(() -> app.fx().pulseState().orElse("(not managed)"));
        case "windows" -> onFx(() -> Window.getWindows().stream()
                .filter(x -> x instanceof Stage s && s.isShowing() && s.getTitle() != null && !s.getTitle().isEmpty())
                .map(x -> ((Stage) x).getTitle()).sorted().collect(Collectors.joining("|")));
        case "open-timeline" -> {
            app.windows().openTimeline(null);
            yield "asked";
        }
        case "window-pid" -> app.windows() instanceof WindowProcess w ? Long.toString(w.pid()) : "(in this process)";
        case "quit" -> {
            System.out.println("closing");
            app.close();
            yield "closed";
        }
        default -> "unknown command " + command;
        };
    }

    /** The real backend thread and hub, without sources: this machine's keys and tickets stay out of the test. */
    private static Backend noSources(EventHub hub, Clock clock) throws Exception {
        return new Backend(hub, new EventLoop(org.watchtray.nativeaccess.NativeAccess.linux().libc(), clock, hub), java.util.List.of());
    }

    private static java.util.stream.Stream<Node> nodes(Node root) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root instanceof javafx.scene.Parent p
                ? p.getChildrenUnmodifiable().stream().flatMap(ScriptedDesktop::nodes) : java.util.stream.Stream.empty());
    }

    private static java.util.stream.Stream<Window> toastPopups() {
        return Window.getWindows().stream()
                .filter(x -> x instanceof PopupWindow && x.isShowing() && x.getScene().getRoot().lookup(".watchtray-toast") != null);
    }

    /** Clicks the node {@code find} finds (on the FX thread) with the real mouse pointer, as a user would. */
    static String click(java.util.concurrent.Callable<Optional<Node>> find, String what) throws Exception {
        if (!isFxUp()) {
            return "(no fx)";
        }
        CompletableFuture<Optional<Node>> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(find.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        Optional<Node> node = f.get(60, TimeUnit.SECONDS);
        if (node.isEmpty()) {
            return "(nothing shows " + what + ")";
        }
        new org.testfx.api.FxRobot().clickOn(node.get());
        return "clicked " + what;
    }

    /** The real Kerberos source alone, on the real backend thread. */
    private static Backend kerberosOnly(EventHub hub, Settings settings, Environment env, Clock clock) throws Exception {
        org.watchtray.nativeaccess.NativeAccess nativeAccess = org.watchtray.nativeaccess.NativeAccess.linux();
        return new Backend(hub, new org.watchtray.core.source.EventLoop(nativeAccess.libc(), clock, hub), java.util.List.of(
                new org.watchtray.core.kerberos.KerberosSource(nativeAccess.kerberos(env, clock), nativeAccess.libc(), nativeAccess.keyctl(),
                        nativeAccess.notificationQueues(), settings)));
    }

    static TableView<TimelineRow> timelineTable(Stage s) {
        return s.getScene().getRoot().lookupAll(".timeline").stream().filter(n -> n instanceof TimelineView)
                .map(n -> ((TimelineView) n).tableView()).findFirst().orElseThrow();
    }

    private static String publish(DesktopApp app, Event e) {
        app.hub().publish(e);
        return "published " + e.name();
    }

    static Optional<Stage> stage(String title) {
        return Window.getWindows().stream().filter(x -> x instanceof Stage s && title.equals(s.getTitle()) && s.isShowing())
                .map(x -> (Stage) x).findFirst();
    }

    private static String texts(Node root) {
        return root.lookupAll(".label").stream().filter(n -> n instanceof Labeled)
                .map(n -> ((Labeled) n).getText()).filter(t -> t != null && !t.isBlank())
                .collect(Collectors.joining(" / "));
    }

    static String onFx(java.util.concurrent.Callable<String> work) throws Exception {
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
