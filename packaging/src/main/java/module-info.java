/** Packaging metadata: the files a .deb installs and where. */
module org.watchtray.packaging {
    exports org.watchtray.packaging;
}
