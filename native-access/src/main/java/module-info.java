/**
 * java.lang.foreign bindings behind small interfaces declared in notifier-core, reached through
 * one factory ({@link org.watchtray.nativeaccess.NativeAccess}). The implementation packages
 * of the thin-pool, USB and socket bindings are not exported.
 */
module org.watchtray.nativeaccess {
    requires transitive org.watchtray.core;
    exports org.watchtray.nativeaccess;
    exports org.watchtray.nativeaccess.libc;
}
