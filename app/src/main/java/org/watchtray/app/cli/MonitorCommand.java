package org.watchtray.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.watchtray.app.text.EventText;
import org.watchtray.app.wiring.Backend;
import org.watchtray.app.wiring.Wiring;
import org.watchtray.core.time.ZoneWatch;
import org.watchtray.core.event.Event;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.source.SourceStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code watchtray monitor}: prints events as they happen, one line (or JSON object) each. */
@Command(name = "monitor", mixinStandardHelpOptions = true)
public final class MonitorCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--json")
    private boolean json;

    @Option(names = "--count", paramLabel = "N")
    private long count;

    @Option(names = "--duration", paramLabel = "SECONDS")
    private long seconds;

    @Option(names = "--source", paramLabel = "SOURCE", split = ",", converter = DesktopSource.class)
    private List<SourceId> only = List.of();

    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final CliContext context;

    public MonitorCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong printed = new AtomicLong();
        Set<SourceId> wanted = only.isEmpty() ? Wiring.ALL : EnumSet.copyOf(only);
        EventText words = new EventText(context.messages());
        // Monitoring runs for hours: lines printed after a change of the system's zone are in the new
        // zone (the lines' formatter takes the zone when made, so a new one is made at a change).
        java.util.concurrent.atomic.AtomicReference<EventLines> lines = new java.util.concurrent.atomic.AtomicReference<>(new EventLines(words));
        try (Backend backend = context.backend(err, wanted);
             AutoCloseable zoneChanges = context.zone().listen(z -> lines.set(new EventLines(words)));
             ZoneWatch zoneWatch = ZoneWatch.start(org.watchtray.nativeaccess.NativeAccess.linux().libc(), context.zone())) {
            EventJson jsonFormat = new EventJson();
            backend.hub().subscribe("monitor", (List<Event> batch) -> {
                synchronized (out) {
                    for (Event e : batch) {
                        out.println(json ? jsonFormat.toJson(e) : lines.get().toLine(e));
                        if (count > 0 && printed.incrementAndGet() >= count) {
                            done.countDown();
                            break;
                        }
                    }
                    out.flush();
                }
            });
            // Ctrl-C releases the wait below; the hook is removed again when monitoring ends normally.
            Thread interrupted = new Thread(done::countDown, "watchtray-monitor-exit");
            Runtime.getRuntime().addShutdownHook(interrupted);
            backend.start();
            for (SourceStatus s : backend.awaitStarted(STARTUP)) {
                err.println("watchtray: " + StatusCommand.describe(s, words));
            }
            err.flush();
            if (seconds > 0) {
                done.await(seconds, TimeUnit.SECONDS);
            } else {
                done.await();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // Already exiting: the hook has run.
            }
        }
        return 0;
    }

    /** A source the desktop runs, by its wire name; anything else is a usage error naming the choices. */
    static final class DesktopSource implements ITypeConverter<SourceId> {
        @Override
        public SourceId convert(String value) {
            for (SourceId id : Wiring.ALL) {
                if (id.wireName().equals(value)) {
                    return id;
                }
            }
            throw new TypeConversionException("unknown source '" + value + "' (choose from keys, kerberos, mounts, thinpool, usb)");
        }
    }
}
