package org.watchtray.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.watchtray.app.testing.Wcag;

/**
 * Both palettes, read from the CSS files themselves, against WCAG 2.1 AA: 4.5:1 for text (and
 * the icons drawn in text colours), 3:1 for chart graphics (success criterion 1.4.11). The
 * naming rules are those written at the top of {@code palette-light.css}. Also checks that the
 * views' stylesheets write no colour of their own, so the palettes are all there is to check.
 */
class PaletteContrastTest {
    private static final double TEXT = 4.5;
    private static final double GRAPHICS = 3.0;
    private static final Pattern VARIABLE = Pattern.compile("(-wt-[a-z0-9-]+|-fx-[a-z0-9-]+|CHART_COLOR_[0-9]+(?:_TRANS_[0-9]+)?)\\s*:\\s*(#[0-9a-fA-F]{6,8})\\s*;");
    private static final List<String> VIEW_SHEETS = List.of("timeline/timeline.css", "settings/settings.css", "common.css");

    static Map<String, String> variables(Palette p) throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        Matcher m = VARIABLE.matcher(read(p.stylesheet()));
        while (m.find()) {
            vars.put(m.group(1), m.group(2).toLowerCase());
        }
        return vars;
    }

    private static String read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void bothPalettesNameTheSameColours() throws IOException {
        assertEquals(variables(Palette.LIGHT).keySet(), variables(Palette.DARK).keySet());
        assertTrue(variables(Palette.LIGHT).size() > 60, "the palette was parsed: " + variables(Palette.LIGHT).keySet());
    }

    @ParameterizedTest
    @EnumSource(Palette.class)
    void everyTextColourIsLegibleOnEverySurface(Palette p) throws IOException {
        Map<String, String> v = variables(p);
        List<String> surfaces = v.keySet().stream().filter(k -> k.startsWith("-wt-surface")).toList();
        List<String> failures = new ArrayList<>();
        int pairs = 0;
        for (String fg : v.keySet()) {
            if (!fg.startsWith("-wt-") || fg.startsWith("-wt-surface") || fg.startsWith("-wt-chart") || fg.equals("-wt-border")
                    || fg.endsWith("-bg") || fg.endsWith("-text") && v.containsKey(fg.replaceAll("-text$", "-bg"))) {
                continue;
            }
            for (String bg : surfaces) {
                pairs++;
                check(failures, fg, v.get(fg), bg, v.get(bg), TEXT);
            }
        }
        assertTrue(pairs >= 60, "pairs checked: " + pairs);
        assertEquals(List.of(), failures, p + " palette");
    }

    @ParameterizedTest
    @EnumSource(Palette.class)
    void everyBadgeIsLegible(Palette p) throws IOException {
        Map<String, String> v = variables(p);
        List<String> failures = new ArrayList<>();
        int badges = 0;
        for (String bg : v.keySet()) {
            if (bg.startsWith("-wt-") && bg.endsWith("-bg")) {
                String text = bg.replaceAll("-bg$", "-text");
                assertTrue(v.containsKey(text), bg + " has its " + text);
                badges++;
                check(failures, text, v.get(text), bg, v.get(bg), TEXT);
            }
        }
        assertTrue(badges >= 7, "badges: " + badges);
        assertEquals(List.of(), failures, p + " palette");
    }

    @ParameterizedTest
    @EnumSource(Palette.class)
    void chartColoursStandOutFromThePlot(Palette p) throws IOException {
        Map<String, String> v = variables(p);
        List<String> failures = new ArrayList<>();
        int colours = 0;
        for (String c : v.keySet()) {
            if (c.matches("CHART_COLOR_[0-9]+")) {
                colours++;
                check(failures, c, v.get(c), "-wt-chart-plot", v.get("-wt-chart-plot"), GRAPHICS);
                assertEquals(v.get(c) + "33", v.get(c + "_TRANS_20"), c + "'s area fill is the same hue at 20 %");
                assertEquals(v.get(c) + "b3", v.get(c + "_TRANS_70"), c + "'s symbol fill is the same hue at 70 %");
            }
        }
        assertEquals(8, colours, "Modena's eight series colours are all replaced");
        assertEquals(List.of(), failures, p + " palette");
    }

    /**
     * Modena picks the text colour of a control from its background with a "ladder": light text
     * below 45 % brightness, dark text up to 59 %, mid text from 60 %. The surfaces it applies
     * that to are set in the palettes, so the text it will pick is checked here.
     */
    @ParameterizedTest
    @EnumSource(Palette.class)
    void modenasTextOnThePalettesBaseColoursIsLegible(Palette p) throws IOException {
        Map<String, String> v = variables(p);
        List<String> failures = new ArrayList<>();
        for (String surface : List.of("-fx-background", "-fx-control-inner-background", "-fx-control-inner-background-alt",
                "-fx-base", "-fx-accent", "-fx-selection-bar-non-focused")) {
            String bg = v.get(surface);
            double brightness = brightness(bg);
            String text = brightness < 0.45 ? "-fx-light-text-color" : brightness < 0.60 ? "-fx-dark-text-color" : "-fx-mid-text-color";
            check(failures, text, v.get(text), surface, bg, TEXT);
        }
        assertEquals(List.of(), failures, p + " palette");
    }

    @Test
    void theViewsWriteNoColourOfTheirOwnAndUseOnlyPaletteNames() throws IOException {
        Set<String> defined = variables(Palette.LIGHT).keySet();
        Set<String> missing = new TreeSet<>();
        for (String sheet : VIEW_SHEETS) {
            String css = read(Palette.class.getResource(sheet)).replaceAll("(?s)/\\*.*?\\*/", "");
            Matcher literal = Pattern.compile("#[0-9a-fA-F]{3,8}\\b|rgba?\\(|hsba?\\(|derive\\(|ladder\\(|\\b(white|black|red|gray|grey)\\b")
                    .matcher(css);
            if (literal.find()) {
                throw new AssertionError(sheet + " writes a colour itself: " + literal.group());
            }
            Matcher used = Pattern.compile("-wt-[a-z0-9-]+").matcher(css);
            while (used.find()) {
                if (!defined.contains(used.group())) {
                    missing.add(sheet + ": " + used.group());
                }
            }
        }
        assertEquals(Set.of(), missing, "every colour a view looks up is in the palettes");
    }

    private static void check(List<String> failures, String fgName, String fg, String bgName, String bg, double minimum) {
        double ratio = contrast(fg, bg);
        if (ratio < minimum) {
            failures.add(String.format("%s %s on %s %s: %.2f < %.1f", fgName, fg, bgName, bg, ratio, minimum));
        }
    }

    /** WCAG 2.1 contrast ratio of two #rrggbb colours. */
    static double contrast(String a, String b) {
        return Wcag.contrast(Wcag.rgb(a), Wcag.rgb(b));
    }

    /** JavaFX's brightness for ladders (com.sun.javafx.util.Utils.calculateBrightness). */
    private static double brightness(String hex) {
        double[] c = rgb(hex);
        return 0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2];
    }

    private static double[] rgb(String hex) {
        String h = hex.substring(1, 7);
        return new double[] {Integer.parseInt(h.substring(0, 2), 16) / 255.0, Integer.parseInt(h.substring(2, 4), 16) / 255.0,
                Integer.parseInt(h.substring(4, 6), 16) / 255.0};
    }
}
