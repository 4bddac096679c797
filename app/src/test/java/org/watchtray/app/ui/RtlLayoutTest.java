package org.watchtray.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Bounds;
import javafx.geometry.NodeOrientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.watchtray.app.testing.AppWindows;
import org.watchtray.app.testing.Fx;
import org.watchtray.app.testing.SceneContrast;

/**
 * A pseudo-RTL run (no right-to-left translation exists yet): every window and page is laid
 * out left-to-right and then with the scene's node orientation right-to-left, and the visible
 * controls are compared. In RTL each must keep its size, sit at the mirror image of its LTR
 * place, stay inside the window, overlap none of the others, and show its text as uncut as in
 * LTR. Snapshots of the RTL pages are kept as {@code target/screenshots/rtl-*.png}.
 */
@ExtendWith(ApplicationExtension.class)
class RtlLayoutTest {
    private static final double SLACK = 1.5;

    @TempDir
    Path dir;
    AppWindows w;

    @Start
    void start(Stage stage) {
        // The windows under test are the app's own stages.
    }

    @AfterEach
    void hide() {
        if (w != null) {
            w.hide();
        }
    }

    @Test
    void theMainWindowMirrorsCleanlyOnEveryPage(FxRobot robot) {
        w = AppWindows.create(dir, PaletteSource.fixed(Palette.LIGHT));
        robot.interact(() -> {
            w.main.show(null);
            var table = w.main.tabs().timeline().tableView();
            table.getSelectionModel().select(0);
        });
        TabPane pages = w.main.tabs();
        List<String> problems = new ArrayList<>();
        for (int page = 0; page < pages.getTabs().size(); page++) {
            int p = page;
            robot.interact(() -> pages.getSelectionModel().select(p));
            problems.addAll(compare(robot, w.mainScene(), "main " + pages.getTabs().get(page).getText()));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theSettingsMirrorCleanlyOnEveryPage(FxRobot robot) {
        w = AppWindows.create(dir, PaletteSource.fixed(Palette.LIGHT));
        robot.interact(w.settings::show);
        TabPane pages = (TabPane) w.settingsScene().lookup("#settings-tabs");
        List<String> problems = new ArrayList<>();
        for (int page = 0; page < pages.getTabs().size(); page++) {
            int p = page;
            robot.interact(() -> pages.getSelectionModel().select(p));
            problems.addAll(compare(robot, w.settingsScene(), "settings " + pages.getTabs().get(page).getText()));
        }
        assertEquals(List.of(), problems);
    }

    private record Place(Bounds bounds, String shown) {
    }

    private List<String> compare(FxRobot robot, Scene scene, String where) {
        robot.interact(() -> scene.setNodeOrientation(NodeOrientation.LEFT_TO_RIGHT));
        WaitForAsyncUtils.waitForFxEvents();
        Map<Node, Place> ltr = Fx.call(() -> places(scene));
        robot.interact(() -> scene.setNodeOrientation(NodeOrientation.RIGHT_TO_LEFT));
        WaitForAsyncUtils.waitForFxEvents();
        Map<Node, Place> rtl = Fx.call(() -> places(scene));
        String name = "rtl-" + where.toLowerCase(Locale.ROOT).replace(' ', '-') + ".png";
        Fx.run(() -> {
            try {
                SceneContrast.save(scene.getRoot(), Path.of("target/screenshots", name));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        robot.interact(() -> scene.setNodeOrientation(NodeOrientation.LEFT_TO_RIGHT));

        assertTrue(ltr.size() >= 5, where + ": controls laid out: " + ltr.keySet().stream().map(RtlLayoutTest::describe).toList());
        double width = scene.getWidth();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Node, Place> e : ltr.entrySet()) {
            Node n = e.getKey();
            Place before = e.getValue();
            Place after = rtl.get(n);
            String what = where + ": " + describe(n);
            if (after == null) {
                problems.add(what + " is not shown in RTL");
                continue;
            }
            Bounds l = before.bounds();
            Bounds r = after.bounds();
            if (Math.abs(l.getWidth() - r.getWidth()) > SLACK || Math.abs(l.getHeight() - r.getHeight()) > SLACK) {
                problems.add(what + " changes size: " + size(l) + " in LTR, " + size(r) + " in RTL");
            }
            double mirrored = width - l.getMaxX();
            if (Math.abs(r.getMinX() - mirrored) > SLACK || Math.abs(r.getMinY() - l.getMinY()) > SLACK) {
                problems.add(String.format(Locale.ROOT, "%s is at %.0f,%.0f in RTL, not at the mirror of LTR %.0f,%.0f",
                        what, r.getMinX(), r.getMinY(), mirrored, l.getMinY()));
            }
            if (r.getMinX() < -SLACK || r.getMaxX() > width + SLACK) {
                problems.add(what + " sticks out of the window in RTL: " + r);
            }
            if (!after.shown().equals(before.shown())) {
                problems.add(what + " shows \"" + after.shown() + "\" in RTL but \"" + before.shown() + "\" in LTR");
            }
        }
        problems.addAll(overlaps(rtl, where));
        return problems;
    }

    /** Visible controls (and their shown text) with their bounds in the scene. */
    private static Map<Node, Place> places(Scene scene) {
        scene.getRoot().applyCss();
        scene.getRoot().layout();
        Map<Node, Place> out = new IdentityHashMap<>();
        collect(scene.getRoot(), out);
        return out;
    }

    private static void collect(Node n, Map<Node, Place> out) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Control c && !insideVirtualFlow(c)) {
            Bounds b = c.localToScene(c.getLayoutBounds());
            if (b.getWidth() > 0 && b.getHeight() > 0) {
                out.put(c, new Place(b, shownText(c)));
            }
        }
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, out);
            }
        }
    }

    /** Table cells are recycled between layouts; the table itself is compared. */
    private static boolean insideVirtualFlow(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof javafx.scene.control.skin.VirtualFlow<?>) {
                return true;
            }
        }
        return false;
    }

    /** What a Labeled actually displays (its text after clipping, e.g. "Sett…"), or "" for other controls. */
    private static String shownText(Control c) {
        if (!(c instanceof Labeled)) {
            return "";
        }
        for (Node child : c.getChildrenUnmodifiable()) {
            if (child instanceof Text t && child.getStyleClass().contains("text")) {
                return t.getText();
            }
        }
        return "";
    }

    /**
     * Pairs of controls that overlap in RTL, among those that hold no other control (a tab pane
     * holds its pages, and the window's settings button sits over the empty end of the tab
     * strip on purpose: what matters is that it covers no tab's label).
     */
    private static List<String> overlaps(Map<Node, Place> rtl, String where) {
        List<Node> nodes = rtl.keySet().stream().filter(n -> rtl.keySet().stream().noneMatch(o -> o != n && related(o, n)
                && isAncestor(n, o))).toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                Node a = nodes.get(i);
                Node b = nodes.get(j);
                if (related(a, b)) {
                    continue;
                }
                Bounds x = rtl.get(a).bounds();
                Bounds y = rtl.get(b).bounds();
                double w = Math.min(x.getMaxX(), y.getMaxX()) - Math.max(x.getMinX(), y.getMinX());
                double h = Math.min(x.getMaxY(), y.getMaxY()) - Math.max(x.getMinY(), y.getMinY());
                if (w > SLACK && h > SLACK) {
                    out.add(where + ": " + describe(a) + " overlaps " + describe(b) + " in RTL");
                }
            }
        }
        return out;
    }

    private static boolean isAncestor(Node ancestor, Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static boolean related(Node a, Node b) {
        for (Node p = a; p != null; p = p.getParent()) {
            if (p == b) {
                return true;
            }
        }
        for (Node p = b; p != null; p = p.getParent()) {
            if (p == a) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Node n) {
        String text = n instanceof Labeled l && l.getText() != null && !l.getText().isBlank() ? " \"" + l.getText() + "\"" : "";
        return n.getClass().getSimpleName() + (n.getId() == null ? "" : "#" + n.getId()) + text;
    }

    private static String size(Bounds b) {
        return String.format(Locale.ROOT, "%.0fx%.0f", b.getWidth(), b.getHeight());
    }
}
