package org.watchtray.app.text;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The translated texts of watchtray's desktop files (the menu entry, the autostart entry and the
 * AppStream metadata), taken from the message bundles like every other text: the English base
 * and one entry per shipped language ({@link Messages#TRANSLATIONS}). The autostart entry the
 * app writes uses it directly; the shipped files are kept in step with it by the packaging
 * module's DesktopTranslationsTest, which regenerates them on request.
 */
public final class DesktopEntryText {
    private DesktopEntryText() {
    }

    /** One language's text of a key: {@code locale} null for the English base. */
    public record Translation(Locale locale, String text) {
        /** The language suffix as desktop entries ({@code Comment[de]}) and AppStream ({@code xml:lang="de"}) write it. */
        public String tag() {
            return locale == null ? "" : locale.toLanguageTag().replace('-', '_');
        }
    }

    /** {@code key} in English and then in every shipped language. */
    public static List<Translation> of(String key) {
        List<Translation> out = new ArrayList<>();
        out.add(new Translation(null, Messages.english(ZoneOffset.UTC).text(key)));
        for (Locale l : Messages.TRANSLATIONS) {
            out.add(new Translation(l, Messages.of(l, ZoneOffset.UTC).text(key)));
        }
        return out;
    }

    /** Desktop-entry lines for {@code field}: {@code Comment=…} and then {@code Comment[de]=…}, each ending in a line break. */
    public static String lines(String field, String key) {
        StringBuilder out = new StringBuilder();
        for (Translation t : of(key)) {
            out.append(field).append(t.locale() == null ? "" : "[" + t.tag() + "]").append('=').append(escape(t.text())).append('\n');
        }
        return out.toString();
    }

    /** A desktop-entry string value: backslash and line breaks escaped (the specification's escapes). */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    }
}
