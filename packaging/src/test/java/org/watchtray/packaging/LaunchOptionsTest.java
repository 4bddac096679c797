package org.watchtray.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchOptionsTest {
    @Test
    void argumentFileTextIsSplitOnWhiteSpaceAndCommentsAreDropped() {
        assertEquals(List.of("-XX:+UseSerialGC", "-Da=b", "--enable-native-access=x,y"), LaunchOptions.parse("""
                # a comment line
                -XX:+UseSerialGC   -Da=b # the rest of a line
                  # an indented comment

                --enable-native-access=x,y
                """));
    }

    @Test
    void thisJdkAcceptsTheAppsTheWindowProcesssAndTheAgentsOptionsWithoutAWord() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> window = new ArrayList<>(LaunchOptions.app());
        window.addAll(LaunchOptions.window());
        for (List<String> options : List.of(LaunchOptions.app(), LaunchOptions.agent(), window)) {
            List<String> argv = new ArrayList<>(List.of(java));
            // Options naming the app's modules (native access, exports to it) need its module path; -version resolves none.
            options.stream().filter(o -> !o.startsWith("--enable-native-access") && !o.startsWith("--add-")).forEach(argv::add);
            argv.add("-version");
            Run run = Run.of(argv.toArray(String[]::new));
            assertEquals(0, run.exit(), run.describe());
            assertTrue(run.output().lines().allMatch(line -> line.startsWith("openjdk version") || line.startsWith("OpenJDK")),
                    "no warning about an unknown, obsolete or locked option: " + run.describe());
        }
        assertTrue(LaunchOptions.app().contains("--enable-native-access=javafx.graphics,org.watchtray.nativeaccess,org.xerial.sqlitejdbc"),
                LaunchOptions.app()::toString);
        assertTrue(LaunchOptions.window().contains("-XX:TieredStopAtLevel=1"), LaunchOptions.window()::toString);
        assertTrue(LaunchOptions.agent().contains("--enable-native-access=org.watchtray.nativeaccess"), LaunchOptions.agent()::toString);
    }

    /**
     * A JVM that inflated monitors and dropped their objects (as the tray does while a window runs:
     * dbus-java waits on each synchronous call's message, threads contend) must not poll for them:
     * with the shipped options the Monitor Deflation thread sleeps until the 5-minute cycle
     * (docs/idle.md, "The deflation cycle"). The JDK's defaults are the control: the same program
     * wakes that thread 4 times a second, which shows the measurement sees what it must not.
     */
    @Test
    void afterMonitorsWereInflatedAndLetGoTheMonitorDeflationThreadSleeps(@TempDir Path tmp) throws Exception {
        Path program = tmp.resolve("InflateAndIdle.java");
        Files.writeString(program, """
                public class InflateAndIdle {
                    public static void main(String[] args) throws Exception {
                        Thread[] threads = new Thread[4];
                        for (int i = 0; i < threads.length; i++) {
                            threads[i] = new Thread(() -> {
                                for (int n = 0; n < 100; n++) {
                                    Object call = new Object();   // Object.wait inflates the lock's monitor
                                    synchronized (call) {
                                        try {
                                            call.wait(1);
                                        } catch (InterruptedException e) {
                                            throw new AssertionError(e);
                                        }
                                    }
                                }
                            });
                            threads[i].start();
                        }
                        for (Thread t : threads) {
                            t.join();
                        }
                        System.gc();   // the monitors' objects are gone; their monitors wait for deflation
                        System.out.println("ready");
                        new java.util.concurrent.CountDownLatch(1).await();
                    }
                }
                """);
        List<String> shipped = LaunchOptions.app().stream()
                .filter(o -> !o.startsWith("--enable-native-access") && !o.startsWith("--add-")).toList();
        long withShipped = deflationThreadWakeups(shipped, program);
        long defaults = deflationThreadWakeups(List.of(), program);
        System.out.printf("monitor deflation thread, 2 s after 400 monitors were inflated and let go: %d wakeups with the shipped options, %d with the JDK's defaults%n",
                withShipped, defaults);
        assertEquals(0, withShipped, "with " + shipped);
        assertTrue(defaults >= 2, "the control (JDK defaults) woke the Monitor Deflation thread " + defaults + " times in 2 s");
    }

    /** The voluntary context switches of the Monitor Deflation thread of {@code program} run with {@code options}, over 2 s once it is idle. */
    private static long deflationThreadWakeups(List<String> options, Path program) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        argv.addAll(options);
        argv.add(program.toString());
        Process jvm = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            String first = jvm.inputReader().readLine();
            assertEquals("ready", first, () -> String.join(" ", argv) + " said " + first);
            Path thread;
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(jvm.pid()), "task"))) {
                thread = tasks.filter(t -> comm(t).equals("Monitor Deflati")).findFirst().orElseThrow();
            }
            long before = voluntarySwitches(thread);
            Thread.sleep(2_000);   // a measurement over a fixed span, not a wait for something
            return voluntarySwitches(thread) - before;
        } finally {
            jvm.destroy();
            jvm.waitFor();
        }
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();   // the kernel keeps 15 bytes of a thread's name
        } catch (IOException goneMeanwhile) {
            return "";
        }
    }

    private static long voluntarySwitches(Path task) throws IOException {
        return Files.readAllLines(task.resolve("status")).stream().filter(l -> l.startsWith("voluntary_ctxt_switches:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip())).findFirst().orElseThrow();
    }
}
