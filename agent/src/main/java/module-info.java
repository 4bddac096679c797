/** The privileged agent: device-mapper and kernel-log sources served to desktop sessions. */
module org.watchtray.agent {
    requires org.watchtray.nativeaccess;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    exports org.watchtray.agent;
    exports org.watchtray.agent.outputs;
    opens org.watchtray.agent to info.picocli;
}
