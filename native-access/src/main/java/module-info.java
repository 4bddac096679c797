/** java.lang.foreign bindings and the Linux source implementations, behind small interfaces. */
module org.watchtray.nativeaccess {
    requires transitive org.watchtray.core;
    exports org.watchtray.nativeaccess;
    exports org.watchtray.nativeaccess.libc;
    exports org.watchtray.nativeaccess.dm;
    exports org.watchtray.nativeaccess.usb;
    exports org.watchtray.nativeaccess.unix;
}
