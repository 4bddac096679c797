package org.watchtray.app.history;

import java.util.List;

/**
 * A search string as SQL: the text index narrows the rows to those holding words that start
 * like the string's words, in that order (one FTS5 phrase, the last word a prefix), and a LIKE
 * keeps those where the string occurs as typed in the summary, object or name (case-insensitive
 * for ASCII). Both take the string only as a bound value, every FTS and LIKE syntax character
 * quoted, so whatever is typed is matched literally and nothing else. A string without a word
 * (only punctuation) is looked for with the LIKE alone.
 */
final class TextSearch {
    private TextSearch() {
    }

    /** @param indexedUpTo rows with a higher id are not in the text index yet: the LIKE alone decides for them */
    static void where(String text, StringBuilder sql, List<Object> args, long indexedUpTo) {
        String t = text.strip();
        String like = "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        if (t.codePoints().anyMatch(Character::isLetterOrDigit)) {
            // One IN over a union, not an OR: SQLite then looks the candidates up by row id.
            sql.append(" AND id IN (SELECT rowid FROM events_text WHERE events_text MATCH ? UNION ALL SELECT id FROM events WHERE id > ?)");
            args.add(phrase(t));
            args.add(indexedUpTo);
        }
        sql.append(" AND (summary LIKE ? ESCAPE '\\' OR subject LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')");
        args.add(like);
        args.add(like);
        args.add(like);
    }

    /** The string as one FTS5 string (double quotes doubled), its last word a prefix. */
    static String phrase(String t) {
        return "\"" + t.replace("\"", "\"\"") + "\" *";
    }
}
