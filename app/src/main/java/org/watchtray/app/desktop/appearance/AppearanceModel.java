package org.watchtray.app.desktop.appearance;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.watchtray.app.ui.Palette;
import org.watchtray.app.ui.PaletteSource;
import org.watchtray.core.settings.Settings;

/**
 * Which palette the windows use: the user's setting when it says light or dark; otherwise the
 * desktop portal's preference, then GTK's, then light. Also the desktop's own scheme without
 * the setting ({@link #desktop()}), for the tray icon. Thread-safe; listeners hear only changes
 * of the resulting palette.
 */
public final class AppearanceModel implements PaletteSource {
    private final CopyOnWriteArrayList<Consumer<Palette>> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Palette>> desktopListeners = new CopyOnWriteArrayList<>();
    private Settings.ColorScheme setting;
    private SchemePreference portal = SchemePreference.NONE;
    private SchemePreference gtk = SchemePreference.NONE;
    private Palette current;
    private Palette desktop;

    public AppearanceModel(Settings.ColorScheme setting) {
        this.setting = Objects.requireNonNull(setting);
        this.current = resolve(setting, portal, gtk);
        this.desktop = resolve(Settings.ColorScheme.SYSTEM, portal, gtk);
    }

    /**
     * The desktop's own scheme, whatever watchtray's window setting says: what the panel (and
     * so the tray icon's ink) most likely follows.
     */
    public PaletteSource desktop() {
        return new PaletteSource() {
            @Override
            public Palette current() {
                synchronized (AppearanceModel.this) {
                    return desktop;
                }
            }

            @Override
            public AutoCloseable listen(Consumer<Palette> listener) {
                desktopListeners.add(listener);
                return () -> desktopListeners.remove(listener);
            }
        };
    }

    /** The pure rule: an explicit setting wins, then the portal, then GTK, then light. */
    public static Palette resolve(Settings.ColorScheme setting, SchemePreference portal, SchemePreference gtk) {
        return switch (setting) {
            case LIGHT -> Palette.LIGHT;
            case DARK -> Palette.DARK;
            case SYSTEM -> {
                SchemePreference p = portal != SchemePreference.NONE ? portal : gtk;
                yield p == SchemePreference.DARK ? Palette.DARK : Palette.LIGHT;
            }
        };
    }

    public void setting(Settings.ColorScheme s) {
        update(() -> setting = Objects.requireNonNull(s));
    }

    public void portal(SchemePreference p) {
        update(() -> portal = Objects.requireNonNull(p));
    }

    public void gtk(SchemePreference p) {
        update(() -> gtk = Objects.requireNonNull(p));
    }

    @Override
    public synchronized Palette current() {
        return current;
    }

    @Override
    public AutoCloseable listen(Consumer<Palette> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void update(Runnable change) {
        Palette next;
        Palette nextDesktop;
        boolean windows;
        boolean panel;
        synchronized (this) {
            change.run();
            next = resolve(setting, portal, gtk);
            nextDesktop = resolve(Settings.ColorScheme.SYSTEM, portal, gtk);
            windows = next != current;
            panel = nextDesktop != desktop;
            current = next;
            desktop = nextDesktop;
        }
        if (windows) {
            listeners.forEach(l -> l.accept(next));
        }
        if (panel) {
            desktopListeners.forEach(l -> l.accept(nextDesktop));
        }
    }
}
