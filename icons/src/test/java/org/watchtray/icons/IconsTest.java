package org.watchtray.icons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.watchtray.icons.Icons.State;
import org.w3c.dom.Element;

class IconsTest {

    /** The app icon (null) and every tray state. */
    static List<State> allIcons() {
        List<State> icons = new ArrayList<>();
        icons.add(null);
        icons.addAll(Arrays.asList(State.values()));
        return icons;
    }

    static Stream<Arguments> iconsAndSizes() {
        return allIcons().stream().flatMap(state -> Icons.SIZES.stream().map(size -> Arguments.of(state, size)));
    }

    @ParameterizedTest(name = "{0} at {1}px")
    @MethodSource("iconsAndSizes")
    void everyIconIsRenderedAtEveryHicolorSize(State state, int size) throws IOException {
        URL png = Icons.png(state, size);
        assertNotNull(png, () -> Icons.fileName(state) + " has no " + size + " px rendering");
        BufferedImage image = read(png);
        assertEquals(size, image.getWidth(), "width");
        assertEquals(size, image.getHeight(), "height");
        // The plate leaves a transparent margin, so the icon sits on any panel colour.
        assertEquals(0, alpha(image.getRGB(0, 0)), "top-left corner is transparent");
        // Left of the centre, clear of the badge and the gap cut around it.
        assertEquals(255, alpha(image.getRGB(5 * size / 16, size / 2)), "eye is opaque");
    }

    @Test
    void noSizeOutsideTheHicolorListIsPretended() {
        assertEquals(null, Icons.png(State.NORMAL, 20));
    }

    /**
     * The state is told by the badge colour; sampled inside the badge, clear of its '!' or bar,
     * at the smallest and the largest size, where a tray user would look.
     */
    @ParameterizedTest
    @EnumSource(State.class)
    void stateIsVisibleAsBadgeColourAt16And256(State state) throws IOException {
        for (int size : List.of(16, 256)) {
            BufferedImage image = read(Icons.png(state, size));
            int rgb = image.getRGB(10 * size / 16, 13 * size / 16);
            int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
            String seen = state + " at " + size + " px: rgb(" + r + "," + g + "," + b + ")";
            switch (state) {
                case NORMAL -> assertTrue(b > r + 60 && b > g + 40, seen + " should be the blue plate (no badge)");
                case WARNING -> assertTrue(r > 200 && g > 120 && g < 190 && b < 60, seen + " should be an amber badge");
                case CRITICAL -> assertTrue(r > 190 && g < 90 && b < 90, seen + " should be a red badge");
                case PAUSED -> assertTrue(r < 90 && g < 90 && b < 90 && Math.abs(r - b) < 20, seen + " should be a dark grey badge");
            }
        }
    }

    @Test
    void renderedPngsAreUpToDateWithTheirSvgSources() throws IOException {
        String manifest = text(Objects.requireNonNull(Icons.class.getResource("png/SOURCES.sha256")));
        Set<String> listed = new TreeSet<>();
        for (String line : manifest.strip().split("\n")) {
            String[] hashAndName = line.split(" +");
            listed.add(hashAndName[1]);
            URL svg = Icons.class.getResource(hashAndName[1]);
            assertNotNull(svg, hashAndName[1]);
            assertEquals(hashAndName[0], sha256(svg), hashAndName[1] + " changed since it was rendered: run icons/render");
        }
        Set<String> expected = new TreeSet<>();
        allIcons().forEach(state -> expected.add(Icons.fileName(state) + ".svg"));
        for (State state : State.values()) {
            expected.add(Icons.fileName(state) + "-symbolic.svg");
        }
        assertEquals(expected, listed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allIcons")
    void fullColourSourcesAreWellFormedSquareSvg(State state) throws Exception {
        Element svg = parse(Icons.svg(state));
        assertEquals("svg", svg.getLocalName());
        assertEquals("0 0 256 256", svg.getAttribute("viewBox"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allIcons")
    void symbolicVariantsAre16PxAndOneColourWithoutMasks(State state) throws Exception {
        URL url = Icons.symbolic(state);
        Element svg = parse(url);
        assertEquals("0 0 16 16", svg.getAttribute("viewBox"));
        String text = text(url);
        Set<String> colours = new TreeSet<>();
        Matcher m = Pattern.compile("(?:fill|stroke|stop-color)=\"(#[0-9a-fA-F]{3,6})\"").matcher(text);
        while (m.find()) {
            colours.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
        }
        assertEquals(Set.of("#2e3436"), colours, "symbolic icons use one colour, which GTK replaces");
        // GTK recolours by overriding every fill, which would turn a mask's black into the foreground.
        assertEquals(0, svg.getElementsByTagName("mask").getLength(), "no masks");
        assertEquals(0, svg.getElementsByTagName("linearGradient").getLength(), "no gradients");
    }

    /** The symbolic masks the tray recolours: every state at every panel size, one colour, opaque where the eye is. */
    @ParameterizedTest
    @EnumSource(State.class)
    void symbolicVariantsAreRenderedAsOneColourMasksAtPanelSizes(State state) throws IOException {
        for (int size : Icons.SYMBOLIC_SIZES) {
            BufferedImage image = read(Objects.requireNonNull(Icons.symbolicPng(state, size), state + " at " + size));
            assertEquals(size, image.getWidth());
            Set<Integer> colours = new TreeSet<>();
            int opaque = 0;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int p = image.getRGB(x, y);
                    // Edge pixels carry rounding from premultiplied alpha; the app keeps only their alpha.
                    if (alpha(p) == 255) {
                        colours.add(p & 0xffffff);
                    }
                    opaque += alpha(p) >= 128 ? 1 : 0;
                }
            }
            assertEquals(Set.of(0x2e3436), colours, state + " at " + size + " px is one colour where opaque");
            assertTrue(opaque > size * size / 8, state + " at " + size + " px draws something");
        }
        assertEquals(null, Icons.symbolicPng(state, 48));
    }

    @Test
    void themeNamesFollowTheApplicationId() {
        assertEquals("org.watchtray.Watchtray", Icons.themeName(null));
        assertEquals("org.watchtray.Watchtray-critical", Icons.themeName(State.CRITICAL));
    }

    private static BufferedImage read(URL png) throws IOException {
        BufferedImage image = ImageIO.read(png);
        assertNotNull(image, png + " is not a readable PNG");
        return image;
    }

    private static int alpha(int argb) {
        return argb >>> 24;
    }

    private static Element parse(URL url) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try (InputStream in = url.openStream()) {
            return factory.newDocumentBuilder().parse(in).getDocumentElement();
        }
    }

    private static String text(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String sha256(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
