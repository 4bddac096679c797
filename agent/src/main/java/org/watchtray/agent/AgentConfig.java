package org.watchtray.agent;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import org.watchtray.core.settings.Settings;
import org.watchtray.nativeaccess.dm.ThinPoolSource;
import org.watchtray.nativeaccess.usb.UsbSource;

/**
 * What the agent runs and where it serves, independent of how it was asked (command line,
 * tests).
 *
 * @param socketMode   the socket file's permissions
 * @param group        the group whose members may subscribe (root always may)
 * @param queue        records queued per subscriber before drops begin
 * @param thresholds   thin-pool usage thresholds
 * @param readings     how often thin pools are read between kernel events
 * @param burstWindow  USB occurrences this close together merge into one event
 */
public record AgentConfig(Path socket, Set<PosixFilePermission> socketMode, String group, int queue,
                          boolean thinPools, Settings.ThinPool thresholds, ThinPoolSource.Options readings, String dmControl,
                          boolean usb, Settings.Usb burstWindow, UsbSource.Options usbOptions) {

    public AgentConfig {
        socketMode = Set.copyOf(socketMode);
    }

    public static AgentConfig defaults() {
        return new AgentConfig(Path.of("/run/watchtray/agent.sock"), PosixFilePermissions.fromString("rw-rw----"), "watchtray", 512,
                true, Settings.ThinPool.DEFAULT, ThinPoolSource.Options.DEFAULT, "/dev/mapper/control",
                true, Settings.Usb.DEFAULT, UsbSource.Options.DEFAULT);
    }

    public AgentConfig withSocket(Path path) {
        return new AgentConfig(path, socketMode, group, queue, thinPools, thresholds, readings, dmControl, usb, burstWindow, usbOptions);
    }

    public AgentConfig onlyThinPools(ThinPoolSource.Options how) {
        return new AgentConfig(socket, socketMode, group, queue, true, thresholds, how, dmControl, false, burstWindow, usbOptions);
    }

    public AgentConfig onlyUsb(Duration window) {
        return new AgentConfig(socket, socketMode, group, queue, false, thresholds, readings, dmControl, true, new Settings.Usb(window), usbOptions);
    }
}
