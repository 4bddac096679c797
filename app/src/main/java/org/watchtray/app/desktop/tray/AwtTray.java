package org.watchtray.app.desktop.tray;

import java.awt.AWTException;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Menu;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.lang.System.Logger.Level;
import java.net.URL;
import org.watchtray.app.text.EventText;
import java.util.List;
import java.util.Optional;
import org.watchtray.icons.Icons;

/**
 * The fallback tray for sessions without a StatusNotifierWatcher: {@code java.awt.SystemTray}
 * (an XEmbed icon on X11). Loaded only when needed, since the AWT toolkit thread wakes up
 * periodically on its own. A left click on X11 fires both a mouse click and an action event;
 * only the action event is used.
 *
 * <p>When the notification area goes away (the panel crashes or is restarted), AWT itself
 * removes the icon from the {@link SystemTray} ({@code XTrayIconPeer} sees its embedder window
 * reparented to the root), so when a tray comes back nothing would show. This class listens to
 * the tray's {@code systemTray} property and adds the icon again when a new tray appears.
 */
public final class AwtTray implements Tray {
    private static final System.Logger LOG = System.getLogger(AwtTray.class.getName());

    private static final String TRAY_PROPERTY = "systemTray";

    private final SystemTray tray;
    private final TrayIcon icon;
    private final AutoCloseable subscription;
    private final PropertyChangeListener trayReturns = this::trayChanged;
    private volatile TrayLook look;
    /** The state shown now; AWT event thread only. */
    private TrayState shown;

    private AwtTray(SystemTray tray, TrayIcon icon, TrayModel model, TrayActions actions, EventText words, TrayLook look) {
        this.tray = tray;
        this.icon = icon;
        this.look = look;
        this.subscription = model.listen(s -> EventQueue.invokeLater(() -> show(s, actions, words)));
    }

    /** Shows the icon, or returns empty when this session has no system tray either. */
    public static Optional<AwtTray> start(TrayModel model, TrayActions actions, EventText words, TrayLook look) {
        try {
            if (GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
                return Optional.empty();
            }
            SystemTray tray = SystemTray.getSystemTray();
            TrayState s = model.state();
            TrayIcon icon = new TrayIcon(image(s.icon(), tray.getTrayIconSize().height, look), "watchtray");
            icon.setImageAutoSize(true);
            icon.addActionListener(e -> actions.openTimeline(null));
            AwtTray t = new AwtTray(tray, icon, model, actions, words, look);
            EventQueue.invokeAndWait(() -> t.show(s, actions, words));
            tray.add(icon);
            tray.addPropertyChangeListener(TRAY_PROPERTY, t.trayReturns);
            return Optional.of(t);
        } catch (AWTException | UnsupportedOperationException | java.awt.AWTError | UnsatisfiedLinkError e) {
            // AWTError: no X server to talk to (a bad DISPLAY); not a reason to stop the app.
            LOG.log(Level.INFO, "no system tray: {0}", e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (java.lang.reflect.InvocationTargetException e) {
            LOG.log(Level.INFO, "system tray icon failed: {0}", e.getCause().toString());
            return Optional.empty();
        }
    }

    /** On the AWT event thread: the tray went away (new value null) or a tray (re)appeared. */
    private void trayChanged(PropertyChangeEvent e) {
        if (e.getNewValue() == null) {
            LOG.log(Level.INFO, "the system tray went away; the icon comes back with the next one");
            return;
        }
        // AWT's own removal of the icon may still be queued behind this event: look after it.
        EventQueue.invokeLater(() -> {
            if (List.of(tray.getTrayIcons()).contains(icon)) {
                return;
            }
            try {
                tray.add(icon);
                LOG.log(Level.INFO, "a system tray appeared; the icon is embedded again");
            } catch (AWTException | IllegalArgumentException ex) {
                LOG.log(Level.INFO, "the new system tray did not take the icon: {0}", ex.toString());
            }
        });
    }

    @Override
    public void look(TrayLook next) {
        if (next.equals(look)) {
            return;
        }
        look = next;
        EventQueue.invokeLater(() -> {
            if (shown != null) {
                icon.setImage(image(shown.icon(), icon.getSize().height, next));
            }
        });
    }

    private void show(TrayState s, TrayActions actions, EventText words) {
        shown = s;
        icon.setImage(image(s.icon(), icon.getSize().height, look));
        icon.setToolTip(words.messages().format("tray.tooltip.awt", s.tooltip(words.messages()).replace('\n', ';')));
        PopupMenu menu = new PopupMenu();
        add(menu, TrayMenu.of(s, words).items(), actions);
        icon.setPopupMenu(menu);
    }

    private static void add(Menu menu, List<TrayMenu.Item> items, TrayActions actions) {
        for (TrayMenu.Item i : items) {
            switch (i.kind()) {
                case SEPARATOR -> menu.addSeparator();
                case SUBMENU -> {
                    Menu sub = new Menu(i.label());
                    add(sub, i.children(), actions);
                    menu.add(sub);
                }
                case STANDARD -> {
                    MenuItem m = new MenuItem(i.label());
                    m.setEnabled(i.enabled());
                    if (i.command() != null) {
                        m.addActionListener(e -> TrayMenu.run(i.command(), actions));
                    }
                    menu.add(m);
                }
            }
        }
    }

    /** The smallest bundled art at least {@code size} pixels high (the largest when none is), in this look. */
    static BufferedImage image(Icons.State state, int size, TrayLook look) {
        BufferedImage best = null;
        for (int s : IconPixmaps.sizes(look)) {
            java.util.Optional<BufferedImage> art = IconPixmaps.art(state, s, look);
            if (art.isPresent()) {
                best = art.get();
                if (s >= size) {
                    break;
                }
            }
        }
        return best;
    }

    @Override
    public String describe() {
        return "system tray (XEmbed)";
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "tray listener", e);
        }
        tray.removePropertyChangeListener(TRAY_PROPERTY, trayReturns);
        EventQueue.invokeLater(() -> tray.remove(icon));
    }
}
