package org.watchtray.app.ui.timeline;

import java.util.Locale;
import org.kordamp.ikonli.javafx.FontIcon;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.source.SourceStatus;

/** The Material Design icons and style classes for sources, severities and source states. */
public final class Glyphs {
    private Glyphs() {
    }

    public static String iconOf(SourceId source) {
        return switch (source) {
            case KEYS -> "mdi2k-key-variant";
            case KERBEROS -> "mdi2t-ticket-account";
            case MOUNTS -> "mdi2h-harddisk";
            case THINPOOL -> "mdi2d-database";
            case USB -> "mdi2u-usb";
            case META -> "mdi2i-information-outline";
            case HISTORY -> "mdi2h-history";
            case JOURNAL -> "mdi2n-notebook-outline";
            case HOOKS -> "mdi2c-console-line";
        };
    }

    public static String iconOf(Severity severity) {
        return switch (severity) {
            case INFO -> "mdi2i-information";
            case NOTICE -> "mdi2b-bell-outline";
            case WARNING -> "mdi2a-alert";
            case CRITICAL -> "mdi2a-alert-octagon";
        };
    }

    public static String iconOf(SourceStatus.State state) {
        return switch (state) {
            case ACTIVE -> "mdi2c-check-circle";
            case DEGRADED -> "mdi2a-alert-circle";
            case UNAVAILABLE -> "mdi2c-close-circle-outline";
            case DISABLED -> "mdi2e-eye-off";
        };
    }

    /** "source-usb", "severity-warning", "state-degraded": the style classes the CSS colours. */
    public static String styleClass(Enum<?> value) {
        String kind = switch (value) {
            case SourceId s -> "source-";
            case Severity s -> "severity-";
            case SourceStatus.State s -> "state-";
            default -> "value-";
        };
        return kind + value.name().toLowerCase(Locale.ROOT);
    }

    public static FontIcon icon(String literal, String... styleClasses) {
        FontIcon icon = new FontIcon(literal);
        icon.getStyleClass().addAll(styleClasses);
        return icon;
    }
}
