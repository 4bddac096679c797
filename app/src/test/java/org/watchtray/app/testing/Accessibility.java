package org.watchtray.app.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;

/**
 * What a screen reader gets from a scene graph: each control a keyboard user can reach
 * (focus-traversable, enabled) must say what it is (an accessible role other than the generic
 * node/parent) and what it is called (its own text, an {@code accessibleText}, or a label
 * whose {@code labelFor} points at it). Call on the FX thread.
 */
public final class Accessibility {
    private Accessibility() {
    }

    /** The focus-traversable, enabled controls under {@code root}, in scene-graph order (including those on hidden tabs). */
    public static List<Control> reachable(Parent root) {
        List<Control> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<Control> out) {
        if (n instanceof Control c && c.isFocusTraversable() && !c.isDisabled()) {
            out.add(c);
        }
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, out);
            }
        }
    }

    /** The name a screen reader announces for {@code c}, or empty when it has none. */
    public static String name(Control c, Map<Node, String> labels) {
        if (c.getAccessibleText() != null && !c.getAccessibleText().isBlank()) {
            return c.getAccessibleText();
        }
        if (c instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
            return l.getText();
        }
        return labels.getOrDefault(c, "");
    }

    /**
     * Controls under {@code root} a screen reader could not name or place, or a keyboard could
     * not reach (an enabled button, choice or text field that Tab skips), each described for a
     * failure message.
     */
    public static List<String> problems(Parent root) {
        Map<Node, String> labels = new HashMap<>();
        labelsFor(root, labels);
        List<String> out = new ArrayList<>();
        skipped(root, out);
        for (Control c : reachable(root)) {
            String what = c.getClass().getSimpleName() + (c.getId() == null ? "" : "#" + c.getId());
            AccessibleRole role = c.getAccessibleRole();
            if (role == null || role == AccessibleRole.NODE || role == AccessibleRole.PARENT) {
                out.add(what + " has no accessible role");
            }
            if (name(c, labels).isBlank()) {
                out.add(what + " has no accessible name (no text, accessibleText or labelFor)");
            }
        }
        return out;
    }

    private static void skipped(Node n, List<String> out) {
        if ((n instanceof javafx.scene.control.ButtonBase || n instanceof javafx.scene.control.ComboBoxBase<?>
                || n instanceof javafx.scene.control.TextInputControl) && !((Control) n).isFocusTraversable() && !n.isDisabled()
                && !insideOther(n)) {
            out.add(n.getClass().getSimpleName() + (n.getId() == null ? "" : "#" + n.getId()) + " is skipped by Tab: no keyboard reaches it");
        }
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                skipped(child, out);
            }
        }
    }

    /** Parts of another control (a combo box's arrow button, a table's header) are reached through that control. */
    private static boolean insideOther(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof Control) {
                return !(p instanceof javafx.scene.control.ScrollPane || p instanceof javafx.scene.control.TabPane
                        || p instanceof javafx.scene.control.SplitPane || p instanceof javafx.scene.control.TitledPane
                        || p instanceof javafx.scene.control.ToolBar);
            }
        }
        return false;
    }

    private static void labelsFor(Node n, Map<Node, String> labels) {
        if (n instanceof Label l && l.getLabelFor() != null && l.getText() != null && !l.getText().isBlank()) {
            labels.put(l.getLabelFor(), l.getText());
        }
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                labelsFor(child, labels);
            }
        }
    }
}
