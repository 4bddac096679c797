package org.watchtray.agent;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import org.watchtray.core.agent.AgentSocket;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.thinpool.DeviceMapper;
import org.watchtray.core.thinpool.ThinPoolSource;
import org.watchtray.core.usb.UsbSource;

/**
 * What the agent runs and where it serves, independent of how it was asked (command line,
 * tests).
 *
 * @param socketMode   the socket file's permissions
 * @param group        the group whose members may subscribe (root always may)
 * @param queue        records queued per subscriber before drops begin
 * @param maxPerUser   sessions one user other than root may hold
 * @param maxSessions  sessions all users other than root may hold together
 * @param thresholds   the agent's own thin-pool thresholds: what it does system-wide, and what
 *                     desktops of protocol 1 get (desktops of protocol 2 decide with their user's)
 * @param readings     how often thin pools are read between kernel events
 * @param burstWindow  the agent's own USB burst window (as for the thresholds)
 */
public record AgentConfig(Path socket, Set<PosixFilePermission> socketMode, String group, int queue, int maxPerUser, int maxSessions,
                          boolean thinPools, Settings.ThinPool thresholds, ThinPoolSource.Options readings, String dmControl,
                          boolean usb, Settings.Usb burstWindow, UsbSource.Options usbOptions) {

    public static final int DEFAULT_MAX_PER_USER = 8;
    public static final int DEFAULT_MAX_SESSIONS = 64;

    public AgentConfig {
        socketMode = Set.copyOf(socketMode);
    }

    public static AgentConfig defaults() {
        return new AgentConfig(AgentSocket.DEFAULT, PosixFilePermissions.fromString("rw-rw----"), "watchtray", 512,
                DEFAULT_MAX_PER_USER, DEFAULT_MAX_SESSIONS,
                true, Settings.ThinPool.DEFAULT, ThinPoolSource.Options.DEFAULT, DeviceMapper.CONTROL,
                true, Settings.Usb.DEFAULT, UsbSource.Options.DEFAULT);
    }

    public AgentConfig withSocket(Path path) {
        return new AgentConfig(path, socketMode, group, queue, maxPerUser, maxSessions, thinPools, thresholds, readings, dmControl,
                usb, burstWindow, usbOptions);
    }

    public AgentConfig withGroup(String name, Set<PosixFilePermission> mode) {
        return new AgentConfig(socket, mode, name, queue, maxPerUser, maxSessions, thinPools, thresholds, readings, dmControl,
                usb, burstWindow, usbOptions);
    }

    public AgentConfig withLimits(int queueCapacity, int perUser, int sessions) {
        return new AgentConfig(socket, socketMode, group, queueCapacity, perUser, sessions, thinPools, thresholds, readings, dmControl,
                usb, burstWindow, usbOptions);
    }

    public AgentConfig onlyThinPools(ThinPoolSource.Options how) {
        return new AgentConfig(socket, socketMode, group, queue, maxPerUser, maxSessions, true, thresholds, how, dmControl,
                false, burstWindow, usbOptions);
    }

    public AgentConfig onlyUsb(Duration window) {
        return new AgentConfig(socket, socketMode, group, queue, maxPerUser, maxSessions, false, thresholds, readings, dmControl,
                true, new Settings.Usb(window), usbOptions);
    }

    /** Where and to whom the server serves. */
    AgentServer.Config server() {
        return new AgentServer.Config(socket, socketMode, group, queue, maxPerUser, maxSessions);
    }
}
