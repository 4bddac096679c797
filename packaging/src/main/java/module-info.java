/** Packaging: builds the .deb (jpackage app image plus desktop integration) and knows what it installs where. */
module org.watchtray.packaging {
    requires org.watchtray.icons;
    exports org.watchtray.packaging;
}
