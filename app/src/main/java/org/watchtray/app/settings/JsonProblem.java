package org.watchtray.app.settings;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.Locale;

/**
 * Says in words what is wrong with a settings file that is not JSON, and where: "the file ends
 * before the object that begins at line 1, column 1 is closed (line 3, column 1)". Jackson's
 * own messages name parser internals and quote the input ("[Source: (byte[])…"), which is
 * both unreadable and unsafe: a settings path that points at another file (a symlink to a
 * secret) must never have that file's content echoed. So nothing here quotes the input; the
 * wording comes from the kind of failure and the parser's position and context.
 */
final class JsonProblem {
    private JsonProblem() {
    }

    /**
     * One sentence fragment, e.g. "a comma or } was expected after a field at line 2, column 35"
     * or "the file ends at line 3, column 24, before the list that begins at line 3, column 19 is closed".
     */
    static String describe(JsonProcessingException e, JsonParser parser) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().toLowerCase(Locale.ROOT);
        if (e instanceof JsonEOFException || m.contains("end-of-input")) {
            return "the file ends" + where + endOfInput(parser);
        }
        return what(e, m) + where;
    }

    private static String what(JsonProcessingException e, String m) {
        if (e instanceof StreamConstraintsException) {
            return m.contains("depth") ? "objects or lists are nested too deeply" : "a number or text is too long";
        }
        if (m.contains("duplicate field")) {
            return "a field appears twice in the same object";
        }
        if (m.contains("trailing token")) {
            return "something follows the settings object (a settings file holds exactly one object)";
        }
        if (m.contains("invalid utf-8") || m.contains("invalid utf8")) {
            return "bytes that are not UTF-8 text";
        }
        if (m.contains("illegal unquoted character") || m.contains("illegal character")) {
            return "a control character inside text (write a line break as \\n, a tab as \\t)";
        }
        if (m.contains("unrecognized character escape")) {
            return "an unknown backslash escape inside text";
        }
        if (m.contains("double-quote to start field name")) {
            return "a field name in double quotes was expected";
        }
        if (m.contains("comma to separate object entries")) {
            return "a comma or } was expected after a field";
        }
        if (m.contains("comma to separate array entries")) {
            return "a comma or ] was expected after a list element";
        }
        if (m.contains("colon to separate field name and value")) {
            return "a colon was expected after a field name";
        }
        if (m.contains("unrecognized token") || m.contains("expected a valid value") || m.contains("unexpected character")) {
            return "a value was expected (a number, text in double quotes, true, false, null, an object or a list)";
        }
        if (m.contains("leading zero") || m.contains("numeric value") || m.contains("number")) {
            return "a number is not written as JSON writes numbers";
        }
        return "the text is not valid JSON";
    }

    /** Which open object or list the end of the file cut short, and where it began. */
    private static String endOfInput(JsonParser parser) {
        JsonStreamContext ctx = parser == null ? null : parser.getParsingContext();
        if (ctx == null || ctx.inRoot()) {
            return ", in the middle of a value";
        }
        String kind = ctx.inObject() ? "object" : "list";
        JsonLocation start = ctx.startLocation(parser.currentLocation().contentReference());
        String begins = start == null || start.getLineNr() < 1 ? ""
                : " that begins at line " + start.getLineNr() + ", column " + start.getColumnNr();
        return ", before the " + kind + begins + " is closed";
    }
}
