package org.watchtray.app.desktop.notify;

/**
 * The body as the server needs it. With {@code body-markup} the body is parsed as XML-like
 * markup, so {@code & < >} in a device or mount name must be escaped to show literally;
 * without it the body is shown as-is and escaping would show "&amp;amp;".
 */
public final class BodyText {
    private BodyText() {
    }

    public static String forServer(String plain, boolean serverParsesMarkup) {
        if (!serverParsesMarkup) {
            return plain;
        }
        StringBuilder out = new StringBuilder(plain.length() + 16);
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
