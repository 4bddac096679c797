/**
 * java.lang.foreign bindings behind small interfaces declared in notifier-core, reached through
 * one factory ({@link org.watchtray.nativeaccess.NativeAccess}). The implementation packages
 * are not exported: Arena, MemorySegment and the FFM bindings never leave this module.
 */
module org.watchtray.nativeaccess {
    requires transitive org.watchtray.core;
    exports org.watchtray.nativeaccess;
}
