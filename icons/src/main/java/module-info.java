/** Icon resources (SVG sources, rendered hicolor PNGs), looked up through {@link org.watchtray.icons.Icons}. */
module org.watchtray.icons {
    exports org.watchtray.icons;
    opens org.watchtray.icons;
}
