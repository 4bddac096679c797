package org.watchtray.agent;

import org.watchtray.core.journal.JournalSink;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.watchtray.agent.outputs.AgentConfigFile;
import org.watchtray.agent.outputs.AgentOutputs;
import org.watchtray.core.agent.AgentSocket;
import org.watchtray.core.settings.DurationText;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.thinpool.DeviceMapper;
import org.watchtray.core.thinpool.ThinPoolSource;
import org.watchtray.core.usb.UsbSource;
import org.watchtray.nativeaccess.NativeAccess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line of watchtray-agent. */
@Command(name = "watchtray-agent", mixinStandardHelpOptions = true, version = "watchtray-agent 0.1",
        description = "Reads thin pools (device-mapper) and USB kernel records (kernel log, uevents) and serves the readings "
                + "to desktop sessions over a SOCK_SEQPACKET socket; each desktop decides with its user's settings. "
                + "Runs as root under systemd.")
public final class AgentCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(AgentCommand.class.getName());

    @Option(names = "--socket", description = "Socket to serve on (default: ${DEFAULT-VALUE}).")
    Path socket = AgentSocket.DEFAULT;

    @Option(names = "--group", description = "Group whose members may subscribe; root always may (default: ${DEFAULT-VALUE}).")
    String group = "watchtray";

    @Option(names = "--socket-mode", description = "Socket file permissions, octal (default: ${DEFAULT-VALUE}).", converter = ModeConverter.class)
    Set<PosixFilePermission> socketMode = ModeConverter.parse("0660");

    @Option(names = "--queue", description = "Records queued per subscriber before drops begin (default: ${DEFAULT-VALUE}).")
    int queue = 512;

    @Option(names = "--max-per-user", description = "Sessions one user other than root may hold at once (default: ${DEFAULT-VALUE}).")
    int maxPerUser = AgentConfig.DEFAULT_MAX_PER_USER;

    @Option(names = "--max-sessions", description = "Sessions all users other than root may hold at once (default: ${DEFAULT-VALUE}).")
    int maxSessions = AgentConfig.DEFAULT_MAX_SESSIONS;

    @Option(names = "--data-thresholds", split = ",", description = "The agent's own thin-pool data thresholds in percent, for what it "
            + "does system-wide and for desktops too old to decide themselves (default: 80,85,90,95).")
    List<Integer> dataThresholds = new ArrayList<>(Settings.ThinPool.DEFAULT.dataThresholds());

    @Option(names = "--metadata-thresholds", split = ",", description = "The agent's own thin-pool metadata thresholds in percent "
            + "(default: 80,85,90,95).")
    List<Integer> metadataThresholds = new ArrayList<>(Settings.ThinPool.DEFAULT.metadataThresholds());

    @Option(names = "--report-within", description = "A thin-pool threshold crossing is reported at most this long after it "
            + "happens, e.g. 10s: a pool being written is looked at (its devices' I/O counters) at least this often less 1 s, and read "
            + "when they moved (default: 10s).", converter = DurationConverter.class)
    Duration reportWithin = ThinPoolSource.Options.DEFAULT.reportWithin();

    @Option(names = "--max-reading", description = "Longest time between two readings of a pool, busy or idle, e.g. 5m (default: 5m).",
            converter = DurationConverter.class)
    Duration maxReading = ThinPoolSource.Options.DEFAULT.maxInterval();

    @Option(names = "--safety-reading", description = "A quiet thin pool (no write signal) is looked at this often, for writes "
            + "no signal shows: through mmap, a loop device on a file in the pool, in-kernel writers (default: 60s).",
            converter = DurationConverter.class)
    Duration safetyReading = ThinPoolSource.Options.DEFAULT.safetyInterval();

    @Option(names = "--write-settle", description = "How long a thin pool's devices must stand still, with no write signal, "
            + "before it is quiet again; at least the kernel's writeback delay (default: 40s).", converter = DurationConverter.class)
    Duration writeSettle = ThinPoolSource.Options.DEFAULT.settle();

    @Option(names = "--burst-window", description = "The agent's own USB burst window: occurrences this close together merge into "
            + "one event (default: 2s).", converter = DurationConverter.class)
    Duration burstWindow = Settings.Usb.DEFAULT.burstWindow();

    @Option(names = "--replay-kmsg", description = "Read the whole kernel log buffer at start instead of only new records.")
    boolean replayKmsg;

    @Option(names = "--dm-wait", description = "Use DM_DEV_WAIT threads even where DM_DEV_ARM_POLL exists.")
    boolean forceDevWait;

    @Option(names = "--no-thinpool", description = "Do not watch thin pools.")
    boolean noThinPool;

    @Option(names = "--no-usb", description = "Do not watch USB.")
    boolean noUsb;

    @Option(names = "--kmsg", description = "Kernel log device (default: ${DEFAULT-VALUE}).")
    String kmsg = UsbSource.Options.DEFAULT.kmsgPath();

    @Option(names = "--dm-control", description = "device-mapper control device (default: ${DEFAULT-VALUE}).")
    String dmControl = DeviceMapper.CONTROL;

    @Option(names = "--sysfs", description = "sysfs mount point (default: ${DEFAULT-VALUE}).")
    Path sysfs = UsbSource.Options.DEFAULT.sysfs();

    @Option(names = "--config", description = "The agent's config file: journal, system-wide hooks, metrics textfile "
            + "(default: ${DEFAULT-VALUE}; a missing file means the defaults).")
    Path configFile = AgentConfigFile.DEFAULT;

    @Option(names = "--metrics-textfile", paramLabel = "FILE.prom",
            description = "Write Prometheus metrics (pool usage, thresholds, USB errors) here for node_exporter's textfile collector.")
    Path metricsTextfile;

    @Option(names = "--no-journal", description = "Do not write events to the systemd journal.")
    boolean noJournal;

    @Option(names = "--journal-socket", description = "journald's native socket (default: ${DEFAULT-VALUE}).")
    Path journalSocket = JournalSink.SOCKET;

    /** The configuration these options describe. */
    public AgentConfig config() {
        return new AgentConfig(socket, socketMode, group, queue, maxPerUser, maxSessions,
                !noThinPool, new Settings.ThinPool(dataThresholds, metadataThresholds),
                new ThinPoolSource.Options(reportWithin, maxReading, forceDevWait, sysfs.resolve("dev/block").toString())
                        .withSignals(safetyReading, writeSettle), dmControl,
                !noUsb, new Settings.Usb(burstWindow), new UsbSource.Options(kmsg, replayKmsg, sysfs));
    }

    /** The journal, hooks and textfile: the config file, then these options over it. */
    public AgentOutputs.Config outputs() throws AgentConfigFile.Invalid {
        AgentOutputs.Config c = AgentConfigFile.read(configFile, AgentOutputs.Config.defaults().withJournal(true, journalSocket));
        if (noJournal) {
            c = c.withJournal(false, journalSocket);
        }
        if (metricsTextfile != null) {
            c = c.withMetrics(metricsTextfile.toAbsolutePath(), c.metricsRefresh());
        }
        return c;
    }

    /**
     * Runs until stopped (SIGTERM: exit as the signal says) or until the server cannot serve:
     * then it exits 1, so systemd's Restart=on-failure starts a fresh agent.
     */
    @Override
    public Integer call() throws Exception {
        AgentOutputs.Config outputsConfig;
        try {
            outputsConfig = outputs();
        } catch (AgentConfigFile.Invalid e) {
            System.err.println("watchtray-agent: " + e.getMessage());
            return 2;
        }
        // The agent's own events are where system-wide actions (journal, hooks, metrics) attach.
        AgentOutputs outputs = AgentOutputs.start(outputsConfig, java.time.Clock.systemUTC());
        Agent agent = Agent.start(config(), NativeAccess.linux(), outputs);
        outputs.serveHookReports(agent::serve);
        outputs.refreshFrom(() -> agent.currentState(org.watchtray.core.event.SourceId.THINPOOL));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            outputs.close();
        }, "watchtray-agent-stop"));
        String why = agent.awaitFailure();
        if (why == null) {
            return 0;
        }
        LOG.log(System.Logger.Level.ERROR, "watchtray-agent cannot serve and exits: " + why);
        agent.close();
        outputs.close();
        return 1;
    }

    /** The durations settings files use: "10s", "500ms", "5m", "1h30m", or ISO-8601 ("PT10S"). */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationText.parse(value);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Octal file mode, e.g. 0660. */
    public static final class ModeConverter implements CommandLine.ITypeConverter<Set<PosixFilePermission>> {
        private static final PosixFilePermission[] BITS = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

        @Override
        public Set<PosixFilePermission> convert(String value) {
            return parse(value);
        }

        static Set<PosixFilePermission> parse(String value) {
            if (!value.matches("0?[0-7]{3}")) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an octal mode such as 0660");
            }
            int mode = Integer.parseInt(value, 8);
            Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
            for (int i = 0; i < BITS.length; i++) {
                if ((mode & (1 << i)) != 0) {
                    set.add(BITS[i]);
                }
            }
            return set;
        }
    }
}
