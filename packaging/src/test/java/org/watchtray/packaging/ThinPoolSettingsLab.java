package org.watchtray.packaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.watchtray.agent.Agent;
import org.watchtray.agent.AgentConfig;
import org.watchtray.app.settings.SettingsStore;
import org.watchtray.app.wiring.Backend;
import org.watchtray.app.wiring.Wiring;
import org.watchtray.core.agent.AgentSocket;
import org.watchtray.core.event.EnglishSummary;
import org.watchtray.core.event.Event;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.XdgPaths;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.thinpool.ThinPoolSource;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * Inside the kernel lab VM, after {@link ThinPoolSettingsLabTest#PRELUDE} made a 64 MiB thin
 * pool: one watchtray-agent and two desktop backends wired as the app wires them, each with its
 * user's settings file: "seventy" set the first data threshold to 70 %, "eighty" never changed
 * it (80 %). The pool is filled to 75 %, then to 81 %; every event each desktop's hub gets (what
 * its toasts and timeline show) is printed. Exits 1 when an expected event never came.
 */
public final class ThinPoolSettingsLab {
    private static final long T0 = System.nanoTime();
    private static final List<String> FAILURES = new ArrayList<>();

    private ThinPoolSettingsLab() {
    }

    /** A user's desktop: their settings file, the app's backend, its hub's events. */
    private record User(String name, Backend backend, List<Event> events) {
    }

    private static User user(String name, String settingsFile, Path socket) throws Exception {
        Path home = Files.createDirectories(Path.of("/tmp/home", name));
        Environment env = new Environment(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                "XDG_CONFIG_DIRS", home.resolve("no-admin").toString(), AgentSocket.VARIABLE, socket.toString()), home);
        XdgPaths paths = new XdgPaths(env);
        if (settingsFile != null) {
            Files.createDirectories(paths.settingsFile().getParent());
            Files.writeString(paths.settingsFile(), settingsFile);
        }
        Settings settings = SettingsStore.forUser(paths, Clock.systemUTC(), p -> System.out.println(name + " SETTINGS " + p)).load();
        System.out.println(name + " THRESHOLDS " + settings.thinPool().dataThresholds());
        Backend backend = Wiring.backend(org.watchtray.nativeaccess.NativeAccess.linux(), settings, env, Clock.systemUTC());
        List<Event> events = new CopyOnWriteArrayList<>();
        backend.hub().subscribe("lab", batch -> {
            for (Event e : batch) {
                events.add(e);
                if (e instanceof ThinPoolEvent t) {
                    System.out.println(String.format(Locale.ROOT, "%s %d TP %s threshold=%d data=%.1f | %s", name,
                            (System.nanoTime() - T0) / 1_000_000, t.change(), t.threshold(), t.dataPercent(), EnglishSummary.of(t)));
                }
            }
        });
        backend.start();
        return new User(name, backend, events);
    }

    private static void await(User u, String what, Predicate<Event> p) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (u.events().stream().anyMatch(p)) {
                return;
            }
            Thread.sleep(20);
        }
        FAILURES.add(u.name() + ": " + what);
        System.out.println("FAILED " + u.name() + " waited for " + what);
    }

    private static Predicate<Event> threshold(int percent) {
        return e -> e instanceof ThinPoolEvent t && t.change() == ThinPoolEvent.Change.DATA_THRESHOLD && t.threshold() == percent;
    }

    private static void fill(int fromMiB, int toMiB) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "dd if=/dev/urandom of=/dev/mapper/thin0 bs=1M seek=" + fromMiB + " count="
                + (toMiB - fromMiB) + " oflag=direct 2>&1 | tail -n 1").redirectErrorStream(true).start();
        System.out.println("FILL " + toMiB + " MiB: " + new String(p.getInputStream().readAllBytes()).strip());
        if (p.waitFor() != 0) {
            FAILURES.add("dd to " + toMiB + " MiB");
        }
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of("/run/watchtray/agent.sock");
        Agent agent = Agent.start(AgentConfig.defaults().withSocket(socket)
                .onlyThinPools(new ThinPoolSource.Options(Duration.ofSeconds(1), Duration.ofSeconds(1), false)), NativeAccess.linux(), b -> { });
        User seventy = user("seventy", "{\"version\": 2, \"thinpool\": {\"data_thresholds\": [70, 85, 90, 95]}}\n", socket);
        User eighty = user("eighty", null, socket);
        Predicate<Event> status = e -> e instanceof ThinPoolEvent t && t.change() == ThinPoolEvent.Change.STATUS;
        await(seventy, "the pool's status", status);
        await(eighty, "the pool's status", status);
        fill(0, 48);                               // 48 of 64 MiB: 75 %
        await(seventy, "70 %", threshold(70));
        fill(48, 52);                              // 81 %: the barrier for the user left at 80 %
        await(eighty, "80 %", threshold(80));
        seventy.backend().close();
        eighty.backend().close();
        agent.close();
        System.out.println("DONE");
        System.exit(FAILURES.isEmpty() ? 0 : 1);
    }
}
