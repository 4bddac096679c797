/** The privileged agent: device-mapper and kernel-log sources served to desktop sessions. */
module org.watchtray.agent {
    requires org.watchtray.nativeaccess;
    requires info.picocli;
    exports org.watchtray.agent;
    opens org.watchtray.agent to info.picocli;
}
