package org.watchtray.app.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.MessageFormat;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Messages#format} writes what MessageFormat writes, now that plain patterns skip it
 * ({@link PlainPattern}): for every key of every shipped bundle and of the pseudo-locales, with
 * String arguments (the plain path) and with numbers (MessageFormat's path), and for patterns
 * that quote braces and apostrophes.
 */
class PlainPatternTest {
    /** Strings with what MessageFormat could treat specially: quotes, braces, a number-like text. */
    private static final Object[] TEXTS = {"“/mnt/a b”", "it's {1}", "12", "'{0}'", "x"};
    private static final Object[] NUMBERS = {3, 1234567, 0.5, 2, 7};

    @Test
    void everyMessageOfEveryLanguageAsMessageFormatWritesIt() {
        int plain = 0;
        Map<String, String> base = MessagesBundleTest.own(Locale.ROOT);
        for (Messages m : List.of(Messages.english(ZoneOffset.UTC), Messages.of(Locale.GERMANY, ZoneOffset.UTC),
                Messages.pseudo(ZoneOffset.UTC), Messages.pseudoRightToLeft(ZoneOffset.UTC))) {
            List<String> problems = new ArrayList<>();
            for (String key : base.keySet()) {
                String pattern = m.text(key);
                for (Object[] args : List.of(TEXTS, NUMBERS)) {
                    String expected;
                    try {
                        expected = new MessageFormat(pattern, m.locale()).format(args);
                    } catch (IllegalArgumentException e) {
                        continue; // a choice or number argument given a String: MessageFormat's own failure, not ours
                    }
                    String actual = m.format(key, args);
                    if (!expected.equals(actual)) {
                        problems.add(m.locale() + " " + key + ": " + actual + " instead of " + expected);
                    }
                }
                if (PlainPattern.of(pattern, m.locale()) != PlainPattern.NOT_PLAIN) {
                    plain++;
                }
            }
            assertEquals(List.of(), problems);
        }
        assertTrue(plain > 4 * 200, "most patterns are plain, so the plain path is what these compared: " + plain);
    }

    @Test
    void quotedBracesAndApostrophes() {
        for (String pattern : List.of("it''s {0}", "'{0}' is {0}", "'{'{1}'}'", "{0}{1}{0}", "no arguments", "a 'quoted '' text' {0} end",
                "'unterminated {0}", "{1} only", "")) {
            PlainPattern p = PlainPattern.of(pattern, Locale.ROOT);
            assertTrue(p != PlainPattern.NOT_PLAIN, pattern);
            Object[] args = {"A'{0}", "B"};
            assertEquals(new MessageFormat(pattern, Locale.ROOT).format(args), p.format(args), pattern);
        }
    }

    @Test
    void typedArgumentsAndWhatIsNotAnArgumentStayMessageFormats() {
        for (String pattern : List.of("{0,number,integer} more", "{0,choice,0#none|1#one|1<{0} many}", "{ 0 }", "{x}", "{123}", "{0")) {
            assertSame(PlainPattern.NOT_PLAIN, PlainPattern.of(pattern, Locale.ROOT), pattern);
        }
        PlainPattern p = PlainPattern.of("{0} and {2}", Locale.ROOT);
        assertFalse(p.fits(new Object[] {"a", "b"}), "an argument missing: MessageFormat writes {2}");
        assertFalse(p.fits(new Object[] {"a", "b", 3}), "a number: MessageFormat formats it for the locale");
        assertTrue(p.fits(new Object[] {"a", 3, "c"}), "an argument the pattern does not use can be anything");
    }
}
