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
        if (!Boolean.getBoolean(PROPERTY)) {
            return;
        }
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            boolean rowShown = !table.getItems().isEmpty() && table.lookupAll(".table-row-cell").stream()
                    .anyMatch(n -> n instanceof TableRow<?> r && r.isVisible() && !r.isEmpty());
            if (rowShown) {
                scene.removePostLayoutPulseListener(check[0]);
                System.err.printf("watchtray: first timeline frame at %d (epoch ms), %d rows%n", System.currentTimeMillis(),
                        table.getItems().size());
            }
        };
        scene.addPostLayoutPulseListener(check[0]);
    }
}
