package org.watchtray.app.text;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.watchtray.core.event.Text;

/**
 * What watchtray says to the user, in the user's language: texts from the message bundle
 * ({@code org/watchtray/app/text/messages*.properties}, MessageFormat patterns with plurals as
 * {@code choice}), and dates, times, numbers and percentages formatted for the user's locale and
 * time zone. Made once in each composition root (the desktop app, the CLI) from the
 * environment's locale and passed to whatever shows text; nothing here is global. The zone is
 * asked for at each time formatted: given the system's zone ({@code SystemZone::current}), times
 * follow a change of it ({@code timedatectl set-timezone}) without a restart.
 *
 * <p>A locale without a bundle gets English. Messages for a pseudo-locale (tests) show every
 * bundle text bracketed, accented and 40 % longer, so hard-coded or cut-off text stands out.
 */
public final class Messages {
    /** Languages written right to left (ISO 639): the windows mirror, the tray menu says "rtl". */
    private static final Set<String> RIGHT_TO_LEFT = Set.of("ar", "fa", "he", "iw", "ps", "ur", "yi", "ji", "dv", "ckb", "sd", "ug");

    /** The languages watchtray ships besides English (the base bundle): one messages_xx.properties each. */
    public static final java.util.List<Locale> TRANSLATIONS = java.util.List.of(Locale.GERMAN);

    private final ResourceBundle bundle;
    /** Loads any of watchtray's bundles (by base name) in this language, with this transform: the CLI's help is one. */
    private final java.util.function.Function<String, ResourceBundle> bundles;
    private final Locale locale;
    private final Supplier<ZoneId> zone;
    private final boolean rightToLeft;
    /** The formatters for the zone they were last made for: made again only when the zone has changed. */
    private volatile Formats zoned;

    /** The locale's time formatters in one zone. */
    private record Formats(ZoneId zone, DateTimeFormatter time, DateTimeFormatter shortTime, DateTimeFormatter dateTime,
                           DateTimeFormatter shortDateTime) {
        static Formats of(Locale locale, ZoneId zone) {
            return new Formats(zone, DateTimeFormatter.ofLocalizedTime(FormatStyle.MEDIUM).withLocale(locale).withZone(zone),
                    DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).withZone(zone),
                    DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale).withZone(zone),
                    DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(locale).withZone(zone));
        }
    }

    private Messages(java.util.function.Function<String, ResourceBundle> bundles, Locale locale, Supplier<ZoneId> zone, boolean rightToLeft) {
        this.bundles = bundles;
        this.bundle = bundles.apply(Bundles.BASE);
        this.locale = locale;
        this.zone = java.util.Objects.requireNonNull(zone);
        this.rightToLeft = rightToLeft;
        this.zoned = Formats.of(locale, zone.get());
    }

    /** The formatters for the zone now. */
    private Formats zoned() {
        Formats f = zoned;
        ZoneId now = zone.get();
        if (!f.zone().equals(now)) {
            f = Formats.of(locale, now);
            zoned = f;
        }
        return f;
    }

    /**
     * The user's messages as the JVM found them in the environment ({@code LC_ALL}, {@code LC_MESSAGES},
     * {@code LANG}): the display locale for words, the format locale for dates and numbers.
     */
    public static Messages forEnvironment(ZoneId zone) {
        return forEnvironment(fixed(zone));
    }

    /** As {@link #forEnvironment(ZoneId)}, in the zone {@code zone} answers at each time formatted (the system's, as it changes). */
    public static Messages forEnvironment(Supplier<ZoneId> zone) {
        Locale words = Locale.getDefault(Locale.Category.DISPLAY);
        return new Messages(base -> Bundles.load(base, words, UnaryOperator.identity()), Locale.getDefault(Locale.Category.FORMAT), zone,
                RIGHT_TO_LEFT.contains(words.getLanguage()));
    }

    /** Messages in {@code locale} (words and formats), English where it has no bundle. */
    public static Messages of(Locale locale, ZoneId zone) {
        return of(locale, fixed(zone));
    }

    /** As {@link #of(Locale, ZoneId)}, in the zone {@code zone} answers at each time formatted. */
    public static Messages of(Locale locale, Supplier<ZoneId> zone) {
        return new Messages(base -> Bundles.load(base, locale, UnaryOperator.identity()), locale, zone, RIGHT_TO_LEFT.contains(locale.getLanguage()));
    }

    /**
     * English, as the base bundle has it, with British formats (24-hour clock): the words of
     * watchtray's own English records, and of tests that compare with fixed times.
     */
    public static Messages english(ZoneId zone) {
        return of(Locale.UK, zone);
    }

    /** As {@link #english(ZoneId)}, in the zone {@code zone} answers at each time formatted. */
    public static Messages english(Supplier<ZoneId> zone) {
        return of(Locale.UK, zone);
    }

    private static Supplier<ZoneId> fixed(ZoneId zone) {
        java.util.Objects.requireNonNull(zone);
        return () -> zone;
    }

    /** The pseudo-locale: English texts bracketed, accented and 40 % longer (tests find hard-coded and cut text with it). */
    public static Messages pseudo(ZoneId zone) {
        return new Messages(base -> Bundles.load(base, Locale.ROOT, new Pseudo(false)::translate), Locale.UK, fixed(zone), false);
    }

    /** The pseudo right-to-left locale: like {@link #pseudo} but in Hebrew letters, and laid out right to left. */
    public static Messages pseudoRightToLeft(ZoneId zone) {
        return new Messages(base -> Bundles.load(base, Locale.ROOT, new Pseudo(true)::translate), Locale.UK, fixed(zone), true);
    }

    /**
     * The command line's help texts ({@code usage*.properties}: picocli's keys, plain text with {@code %n} and
     * picocli's {@code ${DEFAULT-VALUE}}, not MessageFormat patterns) in the same language as every other text.
     */
    public ResourceBundle commandLineHelp() {
        return bundles.apply(Bundles.USAGE);
    }

    /** The text of {@code key}; a key missing from every bundle shows as itself rather than failing. */
    public String text(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    /** The pattern of {@code key} with {@code args} put in (numbers formatted for the locale). */
    public String format(String key, Object... args) {
        PlainPattern plain = plainPatterns.get(key);
        if (plain == null) {
            plain = PlainPattern.of(text(key), locale);
            plainPatterns.putIfAbsent(key, plain); // two threads may parse the same pattern: both get the same text
        }
        if (plain.fits(args)) {
            return plain.format(args);
        }
        java.util.Map<String, MessageFormat> mine = formats.get();
        MessageFormat f = mine.get(key);
        if (f == null) {
            f = new MessageFormat(text(key), locale);
            mine.put(key, f);
        }
        return f.format(args);
    }

    /**
     * Each key's pattern when its arguments are all plain {@code {n}}: most summaries, put together without
     * MessageFormat's garbage ({@code watchtray monitor} formats on the backend thread). Immutable, so shared.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, PlainPattern> plainPatterns = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The other patterns, parsed once per thread (a MessageFormat is not safe to share): parsing
     * it at each call was most of a summary's cost, and a filter change formats hundreds.
     */
    private final ThreadLocal<java.util.Map<String, MessageFormat>> formats = ThreadLocal.withInitial(java.util.HashMap::new);

    /** Whether a bundle has {@code key} (optional, more specific texts such as a field's label). */
    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    public Locale locale() {
        return locale;
    }

    /** The zone times are shown in now. */
    public ZoneId zone() {
        return zone.get();
    }

    /** Whether the user's language is written right to left. */
    public boolean rightToLeft() {
        return rightToLeft;
    }

    /** A time of day to the second, as the locale writes it ("1:07:09 PM", "13:07:09"). */
    public String time(Instant t) {
        return zoned().time().format(t);
    }

    /** A time of day to the minute ("1:07 PM", "13:07"). */
    public String shortTime(Instant t) {
        return zoned().shortTime().format(t);
    }

    /** A time of day to the minute, whatever the date ("8:00 AM", "08:00"). */
    public String timeOfDay(java.time.LocalTime t) {
        return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).format(t);
    }

    /** Date and time to the second ("Mar 1, 2025, 1:07:09 PM", "01.03.2025, 13:07:09"). */
    public String dateTime(Instant t) {
        return zoned().dateTime().format(t);
    }

    /** Date and time to the minute ("3/1/25, 1:07 PM"). */
    public String shortDateTime(Instant t) {
        return zoned().shortDateTime().format(t);
    }

    /** {@code percent} (0–100) with one decimal, as the locale writes it ("91.5%", "91,5 %"). */
    public String percent(double percent) {
        if (Double.isNaN(percent)) {
            return text("unknown");
        }
        NumberFormat f = NumberFormat.getPercentInstance(locale);
        f.setRoundingMode(java.math.RoundingMode.HALF_UP);
        f.setMinimumFractionDigits(1);
        f.setMaximumFractionDigits(1);
        return f.format(percent / 100);
    }

    /** {@code percent} (0–100) rounded to a whole percent ("91%", "91 %"). */
    public String wholePercent(double percent) {
        if (Double.isNaN(percent)) {
            return text("unknown");
        }
        return NumberFormat.getPercentInstance(locale).format(percent / 100);
    }

    /** A count with the locale's grouping ("12,345", "12.345"). */
    public String count(long n) {
        return NumberFormat.getIntegerInstance(locale).format(n);
    }

    /** A name from the kernel or a user in the language's quotes, with control characters made visible. */
    public String quote(String name) {
        return format("quote", Text.visible(name == null ? "" : name));
    }

    /** "45 s", "12 min", "3 h", "2 days": rounded to the unit that suits it. */
    public String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 90) {
            return format("duration.seconds", s);
        }
        if (s < 90 * 60) {
            return format("duration.minutes", Math.round(s / 60.0));
        }
        if (s < 36 * 3600) {
            return format("duration.hours", Math.round(s / 3600.0));
        }
        return format("duration.days", Math.round(s / 86400.0));
    }

    /** Joins {@code parts} with the language's list separator (", "). */
    public String list(java.util.List<String> parts) {
        return String.join(text("list.separator"), parts);
    }
}
