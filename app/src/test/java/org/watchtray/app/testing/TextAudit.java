package org.watchtray.app.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.text.Text;
import org.watchtray.app.text.PseudoText;

/**
 * Reads every text a window shows in the pseudo-locale and reports what is wrong with it: text
 * that was not pseudo-translated (hard-coded, or made without the bundle), and text that is cut
 * short (a label showing "Sett…" or less than its text). Looked at: labels and buttons, loose
 * text nodes, tooltips, prompt texts, screen-reader names, table columns, menu items. Data —
 * nodes styled {@code data} (a mount point, a detail's value, a hook's command), text the user
 * typed, digits and times — is exempt from the first check. Table cells are exempt from the
 * second: a long summary is cut in its column by design and shown whole in the detail pane.
 * Call on the FX thread.
 */
public final class TextAudit {
    /** Words that are the same in every language: the product's name. */
    private static final Set<String> NAMES = Set.of("watchtray");
    private final List<String> problems = new ArrayList<>();
    private int checked;

    public List<String> problems() {
        return problems;
    }

    /** How many texts were looked at (a test asserts it found some). */
    public int checked() {
        return checked;
    }

    public void node(Node n, String where) {
        if (!n.isVisible()) {
            return;
        }
        boolean data = isData(n);
        if (n instanceof Labeled l) {
            text(l.getText(), where + " " + describe(n), data);
            if (!insideVirtualFlow(n)) {
                clipped(l, where);
            }
        } else if (n instanceof Text t && !(t.getParent() instanceof Labeled) && !insideTextInput(t)) {
            text(t.getText(), where + " " + describe(n), data || insideTextInput(t));
        }
        if (n instanceof TextInputControl input) {
            text(input.getPromptText(), where + " prompt of " + describe(n), false);
        }
        if (n instanceof Control c) {
            text(c.getAccessibleText(), where + " screen-reader name of " + describe(n), false);
            if (c.getTooltip() != null) {
                text(c.getTooltip().getText(), where + " tooltip of " + describe(n), false);
            }
        }
        if (n instanceof TableView<?> table) {
            for (TableColumnBase<?, ?> c : table.getColumns()) {
                text(c.getText(), where + " column of " + describe(n), false);
            }
        }
        if (n instanceof MenuButton menu) {
            for (MenuItem item : menu.getItems()) {
                text(item.getText(), where + " menu item of " + describe(n), false);
            }
        }
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                node(child, where);
            }
        }
    }

    /** Every combo box under {@code root}, for the caller to open and read its list too. */
    public static List<ComboBox<?>> comboBoxes(Node root) {
        List<ComboBox<?>> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<ComboBox<?>> out) {
        if (n instanceof ComboBox<?> c && n.isVisible()) {
            out.add(c);
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(child -> collect(child, out));
        }
    }

    /** A window title (the product's name alone may stay). */
    public void title(String title, String where) {
        if (!NAMES.contains(title)) {
            text(title, where + " title", false);
        }
    }

    private void text(String s, String where, boolean data) {
        if (s == null || s.isBlank()) {
            return;
        }
        checked++;
        if (data) {
            return;
        }
        String left = PseudoText.unmarked(s);
        for (String name : NAMES) {
            left = left.replace(name, " ");
        }
        if (left.matches("(?s).*\\p{L}{2,}.*")) {
            problems.add(where + ": not from the bundle: \"" + s + "\"");
        }
    }

    /** What a Labeled shows (its text after layout) is all of its text. */
    private void clipped(Labeled l, String where) {
        if (l.getText() == null || l.getText().isEmpty() || l.getWidth() <= 0) {
            return;
        }
        for (Node child : l.getChildrenUnmodifiable()) {
            if (child instanceof Text t && child.getStyleClass().contains("text") && !t.getText().equals(l.getText())) {
                problems.add(where + " " + describe(l) + ": cut to \"" + t.getText() + "\" (" + Math.round(l.getWidth()) + " px wide)");
            }
        }
    }

    private static boolean isData(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p.getStyleClass().contains("data")) {
                return true;
            }
        }
        return false;
    }

    private static boolean insideVirtualFlow(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof javafx.scene.control.skin.VirtualFlow<?>) {
                return true;
            }
        }
        return false;
    }

    private static boolean insideTextInput(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof TextInputControl) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Node n) {
        return n.getClass().getSimpleName() + (n.getId() == null ? "" : "#" + n.getId());
    }
}
