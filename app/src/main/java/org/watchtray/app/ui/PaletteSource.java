package org.watchtray.app.ui;

import java.util.function.Consumer;

/** Which palette the windows should use now, and word when that changes (on any thread). */
public interface PaletteSource {
    Palette current();

    /** Calls {@code listener} with each new palette; closing the handle stops it. */
    AutoCloseable listen(Consumer<Palette> listener);

    /** Always {@code palette}, for tests and tools. */
    static PaletteSource fixed(Palette palette) {
        return new PaletteSource() {
            @Override
            public Palette current() {
                return palette;
            }

            @Override
            public AutoCloseable listen(Consumer<Palette> listener) {
                return () -> { };
            }
        };
    }
}
