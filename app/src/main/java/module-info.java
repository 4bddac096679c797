/** The JavaFX desktop application and the command line. */
module org.watchtray.app {
    requires org.watchtray.nativeaccess;
    requires org.watchtray.icons;
    requires javafx.controls;
    requires org.kordamp.ikonli.javafx;
    requires org.kordamp.ikonli.materialdesign2;
    requires org.freedesktop.dbus;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires java.desktop;
    // The tray starts the window process with its own JVM's options (RuntimeMXBean) and checks
    // the window feed's peer (SO_PEERCRED).
    requires java.management;
    requires jdk.net;
    requires com.fasterxml.jackson.databind;
    requires info.picocli;
    exports org.watchtray.app;
    // dbus-java reads the D-Bus interfaces and the @Position fields of their structs reflectively.
    exports org.watchtray.app.desktop.dbus to org.freedesktop.dbus;
    opens org.watchtray.app.desktop.dbus to org.freedesktop.dbus;
    opens org.watchtray.app to info.picocli;
    opens org.watchtray.app.cli to info.picocli;
}
