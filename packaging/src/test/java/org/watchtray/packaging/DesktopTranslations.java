package org.watchtray.packaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.watchtray.app.text.DesktopEntryText;

/**
 * The shipped desktop files with their translated entries as the message bundles have them:
 * {@link #desktopEntry} rewrites the localizable fields of a desktop entry (English value from the
 * base bundle, then {@code Field[de]=…} per shipped language), {@link #metainfo} rewrites the
 * AppStream summary and description (the English element, then one {@code xml:lang} copy per
 * language, as itstool would write them). Everything else in the files is kept as written.
 */
final class DesktopTranslations {
    /** The menu entry's localizable fields and their bundle keys. Name stays "watchtray": it is the product's name. */
    static final Map<String, String> MENU_ENTRY = fields("GenericName", "desktop.generic_name", "Comment", "desktop.comment",
            "Keywords", "desktop.keywords");
    static final Map<String, String> AUTOSTART_ENTRY = fields("Comment", "autostart.comment");
    /** The description's paragraphs and list items, in order; "ul" opens and closes the list. */
    private static final List<String> DESCRIPTION = List.of("p:appstream.description.intro", "ul", "li:appstream.description.kerberos",
            "li:appstream.description.keys", "li:appstream.description.mounts", "li:appstream.description.devices", "ul",
            "p:appstream.description.agent");

    private DesktopTranslations() {
    }

    private static Map<String, String> fields(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    /** {@code entry} with each of {@code fields} (and its translations) worded from the bundles. */
    static String desktopEntry(String entry, Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        for (String line : entry.split("\n", -1)) {
            int eq = line.indexOf('=');
            String field = eq < 0 ? "" : line.substring(0, eq);
            int bracket = field.indexOf('[');
            if (bracket > 0 && fields.containsKey(field.substring(0, bracket))) {
                continue; // a translation: written again after its English line
            }
            if (fields.containsKey(field)) {
                out.append(DesktopEntryText.lines(field, fields.get(field)));
            } else {
                out.append(line).append('\n');
            }
        }
        return out.substring(0, out.length() - 1);
    }

    /** {@code metainfo} with its summary and description worded from the bundles. */
    static String metainfo(String metainfo) {
        int start = metainfo.indexOf("  <summary");
        String close = "  </description>\n";
        int end = metainfo.indexOf(close);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("the metainfo has no <summary> followed by a <description>");
        }
        List<String> lines = new ArrayList<>(element("  ", "summary", "appstream.summary"));
        lines.add("  <description>");
        for (String part : DESCRIPTION) {
            if (part.equals("ul")) {
                lines.add(lines.getLast().endsWith("</p>") ? "    <ul>" : "    </ul>");
                continue;
            }
            String[] tagAndKey = part.split(":", 2);
            lines.addAll(element(tagAndKey[0].equals("li") ? "      " : "    ", tagAndKey[0], tagAndKey[1]));
        }
        return metainfo.substring(0, start) + String.join("\n", lines) + "\n" + close + metainfo.substring(end + close.length());
    }

    private static List<String> element(String indent, String tag, String key) {
        List<String> out = new ArrayList<>();
        for (DesktopEntryText.Translation t : DesktopEntryText.of(key)) {
            String lang = t.locale() == null ? "" : " xml:lang=\"" + t.tag() + "\"";
            out.add(indent + "<" + tag + lang + ">" + xml(t.text()) + "</" + tag + ">");
        }
        return out;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
