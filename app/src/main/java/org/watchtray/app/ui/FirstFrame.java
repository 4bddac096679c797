package org.watchtray.app.ui;

import javafx.scene.Scene;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;

/**
 * For {@code bench/app-idle}'s window row: with {@code -Dwatchtray.bench.first-frame=true} (given
 * to the tray, whose options the window process inherits) the first frame whose layout shows rows
 * of the timeline is reported on standard error with its wall-clock time, so the bench can time a
 * tray click to the first frame through the real path. The report is taken after the pulse's
 * layout, just before that frame is rendered. Without the property nothing is installed.
 */
public final class FirstFrame {
    static final String PROPERTY = "watchtray.bench.first-frame";

    private FirstFrame() {
    }

    /** Watches {@code scene}'s pulses until {@code table} shows a row (FX thread). */
    public static void report(Scene scene, TableView<?> table) {
        boolean bench = Boolean.getBoolean(PROPERTY);
        if (!bench && !WindowTrace.on()) {
            return;
        }
        // Each pulse until then: its CSS and layout passes run between these two listeners.
        int[] pulse = new int[1];
        Runnable before = () -> WindowTrace.mark("pulse" + ++pulse[0]);
        scene.addPreLayoutPulseListener(before);
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            WindowTrace.mark("laid" + pulse[0]);
            boolean rowShown = !table.getItems().isEmpty() && table.lookupAll(".table-row-cell").stream()
                    .anyMatch(n -> n instanceof TableRow<?> r && r.isVisible() && !r.isEmpty());
            if (rowShown) {
                scene.removePostLayoutPulseListener(check[0]);
                scene.removePreLayoutPulseListener(before);
                long now = System.currentTimeMillis();
                WindowTrace.mark("frame", now);
                WindowTrace.print("window", true);
                if (bench) {
                    System.err.printf("watchtray: first timeline frame at %d (epoch ms), %d rows%n", now, table.getItems().size());
                }
            }
        };
        scene.addPostLayoutPulseListener(check[0]);
    }
}
