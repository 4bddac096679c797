package org.watchtray.app.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.function.UnaryOperator;

/**
 * Loads watchtray's message bundle for a locale: {@code messages_de_DE}, then {@code messages_de},
 * then the English base, each the parent of the one before. Unlike {@code ResourceBundle.getBundle}
 * it never falls back to the JVM's default locale (a German JVM asked for Japanese gets English,
 * not German), needs no {@code ResourceBundle.Control} (which named modules refuse), and a locale
 * with no bundle simply gets the base.
 */
final class Bundles {
    static final String BASE = "messages";
    /** The command line's help (picocli's keys and format, so a bundle of its own). */
    static final String USAGE = "usage";

    private Bundles() {
    }

    /** The bundle for {@code locale}, each value passed through {@code transform} (the identity but for pseudo-locales). */
    static ResourceBundle load(Locale locale, UnaryOperator<String> transform) {
        return load(BASE, locale, transform);
    }

    /** The bundle {@code base} (a file name without suffix beside this class) for {@code locale}, as {@link #load(Locale, UnaryOperator)}. */
    static ResourceBundle load(String base, Locale locale, UnaryOperator<String> transform) {
        ResourceBundle parent = null;
        for (String suffix : suffixes(locale).reversed()) {
            Properties p = read(base + suffix + ".properties");
            if (p != null) {
                Loaded b = new Loaded(p, transform);
                if (parent != null) {
                    b.setParentBundle(parent);
                }
                parent = b;
            }
        }
        if (parent == null) {
            throw new IllegalStateException("the base bundle " + base + ".properties is missing");
        }
        return parent;
    }

    /** "_de_DE", "_de", "": most specific first; scripts and variants are ignored. */
    static List<String> suffixes(Locale locale) {
        String lang = locale.getLanguage();
        String country = locale.getCountry();
        if (lang.isEmpty()) {
            return List.of("");
        }
        return country.isEmpty() ? List.of("_" + lang, "") : List.of("_" + lang + "_" + country, "_" + lang, "");
    }

    private static Properties read(String name) {
        try (InputStream in = Bundles.class.getResourceAsStream(name)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message bundle " + name, e);
        }
    }

    /** One properties file as a bundle; missing keys are looked up in the parent. */
    private static final class Loaded extends ResourceBundle {
        private final Properties values;
        private final UnaryOperator<String> transform;

        Loaded(Properties values, UnaryOperator<String> transform) {
            this.values = values;
            this.transform = transform;
        }

        void setParentBundle(ResourceBundle p) {
            setParent(p);
        }

        @Override
        protected Object handleGetObject(String key) {
            String v = values.getProperty(key);
            return v == null ? null : transform.apply(v);
        }

        @Override
        public Enumeration<String> getKeys() {
            java.util.Set<String> all = new java.util.TreeSet<>(values.stringPropertyNames());
            if (parent != null) {
                all.addAll(Collections.list(parent.getKeys()));
            }
            return Collections.enumeration(all);
        }

        @Override
        protected java.util.Set<String> handleKeySet() {
            return values.stringPropertyNames();
        }
    }
}
