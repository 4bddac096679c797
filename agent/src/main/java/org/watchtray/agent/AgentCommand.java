package org.watchtray.agent;

import org.watchtray.core.journal.JournalSink;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.watchtray.agent.outputs.AgentConfigFile;
import org.watchtray.agent.outputs.AgentOutputs;
import org.watchtray.core.settings.Settings;
import org.watchtray.nativeaccess.NativeAccess;
import org.watchtray.nativeaccess.dm.ThinPoolSource;
import org.watchtray.nativeaccess.usb.UsbSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line of watchtray-agent. */
@Command(name = "watchtray-agent", mixinStandardHelpOptions = true, version = "watchtray-agent 0.1",
        description = "Watches thin pools (device-mapper) and USB errors (kernel log, uevents) and serves them "
                + "to desktop sessions over a SOCK_SEQPACKET socket. Runs as root under systemd.")
public final class AgentCommand implements Callable<Integer> {

    @Option(names = "--socket", description = "Socket to serve on (default: ${DEFAULT-VALUE}).")
    Path socket = Path.of("/run/watchtray/agent.sock");

    @Option(names = "--group", description = "Group whose members may subscribe; root always may (default: ${DEFAULT-VALUE}).")
    String group = "watchtray";

    @Option(names = "--socket-mode", description = "Socket file permissions, octal (default: ${DEFAULT-VALUE}).", converter = ModeConverter.class)
    Set<PosixFilePermission> socketMode = ModeConverter.parse("0660");

    @Option(names = "--queue", description = "Records queued per subscriber before drops begin (default: ${DEFAULT-VALUE}).")
    int queue = 512;

    @Option(names = "--data-thresholds", split = ",", description = "Thin-pool data usage thresholds in percent (default: 80,85,90,95).")
    List<Integer> dataThresholds = new ArrayList<>(Settings.ThinPool.DEFAULT.dataThresholds());

    @Option(names = "--metadata-thresholds", split = ",", description = "Thin-pool metadata usage thresholds in percent (default: 80,85,90,95).")
    List<Integer> metadataThresholds = new ArrayList<>(Settings.ThinPool.DEFAULT.metadataThresholds());

    @Option(names = "--min-reading", description = "Shortest time between readings of a filling pool, e.g. 10s (default: 10s).",
            converter = DurationConverter.class)
    Duration minReading = Duration.ofSeconds(10);

    @Option(names = "--max-reading", description = "Longest time between readings of an idle pool, e.g. 5m (default: 5m).",
            converter = DurationConverter.class)
    Duration maxReading = Duration.ofMinutes(5);

    @Option(names = "--burst-window", description = "USB occurrences this close together merge into one event (default: 2s).",
            converter = DurationConverter.class)
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
    String kmsg = "/dev/kmsg";

    @Option(names = "--dm-control", description = "device-mapper control device (default: ${DEFAULT-VALUE}).")
    String dmControl = "/dev/mapper/control";

    @Option(names = "--sysfs", description = "sysfs mount point (default: ${DEFAULT-VALUE}).")
    Path sysfs = Path.of("/sys");

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
        return new AgentConfig(socket, socketMode, group, queue,
                !noThinPool, new Settings.ThinPool(dataThresholds, metadataThresholds),
                new ThinPoolSource.Options(minReading, maxReading, forceDevWait), dmControl,
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

    @Override
    public Integer call() throws Exception {
        AgentOutputs.Config outputs;
        try {
            outputs = outputs();
        } catch (AgentConfigFile.Invalid e) {
            System.err.println("watchtray-agent: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Agent agent = Agent.start(config(), outputs);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "watchtray-agent-stop"));
        stopped.await();
        return 0;
    }

    /** "10s", "500ms", "5m", "1h", or ISO-8601 ("PT10S"). */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SIMPLE.matcher(value.trim());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            try {
                return Duration.parse(value.trim());
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 10s, 500ms or 5m");
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
