package org.watchtray.app.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.ChoiceFormat;
import java.text.Format;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every bundle has exactly the base's keys, and each key the same MessageFormat arguments (the
 * same numbers, each formatted the same way: plain, number or choice), and every pattern is valid
 * in its locale; the pseudo-locales keep the arguments too. A translation that drops an argument,
 * adds one or turns a plural into plain text fails here, not on a user's screen.
 */
class MessagesBundleTest {
    /** Every language shipped besides the English base. */
    static final List<Locale> SHIPPED = Messages.TRANSLATIONS;

    @Test
    void everyBundleHasEveryKeyWithTheSameArguments() {
        Map<String, String> base = own(Locale.ROOT);
        assertTrue(base.size() > 300, "the base bundle has " + base.size() + " keys");
        for (Locale locale : SHIPPED) {
            Map<String, String> other = own(locale);
            assertEquals(new TreeSet<>(base.keySet()), new TreeSet<>(other.keySet()), locale + ": keys differ from the base");
            List<String> problems = new ArrayList<>();
            base.forEach((key, pattern) -> {
                String translated = other.get(key);
                if (!arguments(pattern).equals(arguments(translated))) {
                    problems.add(locale + " " + key + ": " + arguments(translated) + " instead of " + arguments(pattern));
                }
                try {
                    new MessageFormat(translated, locale);
                } catch (IllegalArgumentException e) {
                    problems.add(locale + " " + key + " is not a valid pattern: " + e.getMessage());
                }
                if (translated.equals(pattern) && pattern.replaceAll("\\{[^{}]*}", "").matches(".*[a-z]{4,}.*") && !SAME_IN_GERMAN.contains(key)) {
                    problems.add(locale + " " + key + " is not translated: " + pattern);
                }
            });
            assertEquals(List.of(), problems);
        }
    }

    /** Words German takes over as they are (product names, technical names, column names of the CLI). */
    private static final java.util.Set<String> SAME_IN_GERMAN = java.util.Set.of(
            "source.kerberos", "source.kerberos.noun", "source.meta", "source.meta.noun", "source.journal", "source.journal.noun",
            "source.hooks", "severity.info", "settings.kerberos.section", "settings.journal.section", "settings.hooks.section",
            "field.principal", "field.cache", "field.pool", "field.offset", "field.problem", "field.agent", "tray.tooltip.awt",
            "cli.kerberos.column.principal", "cli.kerberos.column.cache", "timeline.export.json");

    @Test
    void thePseudoLocalesKeepEveryArgumentAndBracketEveryText() {
        Map<String, String> base = own(Locale.ROOT);
        for (boolean rtl : new boolean[] {false, true}) {
            Pseudo pseudo = new Pseudo(rtl);
            base.forEach((key, pattern) -> {
                String p = pseudo.translate(pattern);
                assertEquals(arguments(pattern), arguments(p), key + ": " + p);
                new MessageFormat(p, Locale.ENGLISH);
                assertTrue(p.charAt(0) == Pseudo.OPEN && p.charAt(p.length() - 1) == Pseudo.CLOSE, p);
                String letters = p.replaceAll("\\{[^{}]*}", "");
                assertFalse(letters.matches(".*[A-Za-z]{2,}.*") && !letters.contains("choice"), key + " keeps English letters: " + p);
            });
        }
        // 40 % longer: "Open timeline" (12 letters) gains 5.
        assertEquals("\u27e6\u00d6\u00fe\u00e9\u00f1 \u0163\u00ee\u0271\u00e9\u013c\u00ee\u00f1\u00e9\u00b7\u00b7\u00b7\u00b7\u00b7\u27e7",
                new Pseudo(false).translate("Open timeline"));
    }

    @Test
    void aLocaleWithoutABundleFallsBackToEnglishWithoutErrors() {
        for (Locale l : List.of(Locale.JAPANESE, Locale.forLanguageTag("xx"), Locale.forLanguageTag("pt-BR"), Locale.ROOT,
                Locale.forLanguageTag("de-AT"), Locale.forLanguageTag("sr-Latn-RS"))) {
            Messages m = Messages.of(l, java.time.ZoneOffset.UTC);
            String expected = l.getLanguage().equals("de") ? "Zeitleiste öffnen" : "Open timeline";
            assertEquals(expected, m.text("tray.open_timeline"), l.toString());
            assertEquals(l.getLanguage().equals("de") ? "3 Meldungen brauchen Aufmerksamkeit" : "3 alerts need attention",
                    m.format("tray.alerts", 3), l.toString());
        }
        assertEquals("no.such.key", Messages.english(java.time.ZoneOffset.UTC).text("no.such.key"), "a missing key shows, never throws");
    }

    @Test
    void pluralsAndNumbersFollowTheLanguage() {
        Messages en = Messages.of(Locale.US, java.time.ZoneOffset.UTC);
        Messages de = Messages.of(Locale.GERMANY, java.time.ZoneOffset.UTC);
        assertEquals("1 alert needs attention", en.format("tray.alerts", 1));
        assertEquals("12,345 alerts need attention", en.format("tray.alerts", 12_345));
        assertEquals("1 Meldung braucht Aufmerksamkeit", de.format("tray.alerts", 1));
        assertEquals("12.345 Meldungen brauchen Aufmerksamkeit", de.format("tray.alerts", 12_345));
        assertEquals("91.5%", en.percent(91.5));
        assertEquals("91,5\u00a0%", de.percent(91.5));
        java.time.Instant t = java.time.Instant.parse("2025-03-01T13:07:09Z");
        assertEquals("1:07:09\u202fPM", en.time(t));
        assertEquals("13:07:09", de.time(t));
        assertEquals("2 days", en.duration(java.time.Duration.ofDays(2)));
        assertEquals("2 Tagen", de.duration(java.time.Duration.ofDays(2)), "as in \u201evoll in etwa 2 Tagen\u201c");
    }

    /** The base file's own keys and patterns (without a parent), or a locale's. */
    static Map<String, String> own(Locale locale) {
        ResourceBundle b = Bundles.load(locale, UnaryOperator.identity());
        Map<String, String> out = new TreeMap<>();
        for (String key : Collections.list(b.getKeys())) {
            out.put(key, b.getString(key));
        }
        if (!locale.getLanguage().isEmpty()) {
            // Every key must be in the locale's own file, not only inherited from the base.
            java.util.Set<String> own = ownKeys(locale);
            out.keySet().retainAll(own);
        }
        return out;
    }

    private static java.util.Set<String> ownKeys(Locale locale) {
        try (var in = Bundles.class.getResourceAsStream(Bundles.BASE + "_" + locale.getLanguage() + ".properties")) {
            java.util.Properties p = new java.util.Properties();
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            return p.stringPropertyNames();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)(?:,\\s*(\\w+))?");

    /** Each argument number with how it is formatted ("0:number", "1:choice", "2:"), nested choice texts included. */
    static List<String> arguments(String pattern) {
        TreeSet<String> out = new TreeSet<>();
        Matcher m = ARGUMENT.matcher(pattern);
        while (m.find()) {
            out.add(m.group(1) + ":" + (m.group(2) == null ? "" : m.group(2)));
        }
        Format[] formats = new MessageFormat(pattern, Locale.ROOT).getFormatsByArgumentIndex();
        for (int i = 0; i < formats.length; i++) {
            String kind = formats[i] == null ? "" : formats[i] instanceof ChoiceFormat ? "choice" : formats[i] instanceof NumberFormat ? "number" : "date";
            out.add(i + "=" + kind);
        }
        return List.copyOf(out);
    }
}
