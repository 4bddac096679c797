/**
 * The pure core of watchtray: wire format, sealed events, parsers, the event pipeline and
 * settings. It must not depend on JavaFX, AWT or java.lang.foreign (ModuleBoundariesTest).
 */
module org.watchtray.core {
    exports org.watchtray.core.record;
    exports org.watchtray.core.event;
    exports org.watchtray.core.source;
    exports org.watchtray.core.parse;
    exports org.watchtray.core.mounts;
    exports org.watchtray.core.keys;
    exports org.watchtray.core.kerberos;
    exports org.watchtray.core.thinpool;
    exports org.watchtray.core.usb;
    exports org.watchtray.core.agent;
    exports org.watchtray.core.os;
    exports org.watchtray.core.pipeline;
    exports org.watchtray.core.settings;
    exports org.watchtray.core.history;
    exports org.watchtray.core.journal;
    exports org.watchtray.core.hooks;
    exports org.watchtray.core.export;
    exports org.watchtray.core.time;
}
