package org.watchtray.nativeaccess.lab;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs JUnit test classes in this JVM and prints one line per test, so that tests written for
 * the host kernel can be run inside the kernel lab VM (an older kernel) with
 * {@code KernelLab.java(null, LabJUnit.class, timeout, "org.example.SomeTest", …)}:
 *
 * <pre>
 * PASS &lt;class&gt; &lt;test&gt;
 * SKIP &lt;class&gt; &lt;test&gt;: &lt;the reason the test gave&gt;
 * FAIL &lt;class&gt; &lt;test&gt;: &lt;what failed&gt;
 * tests 12, passed 7, skipped 5, failed 0
 * </pre>
 *
 * Arguments of the form {@code -Dname=value} set system properties first (a test's own knobs).
 * Exits 1 when a test failed or none ran, so a broken run never passes.
 */
public final class LabJUnit {
    private LabJUnit() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String arg : args) {
            if (arg.startsWith("-D") && arg.contains("=")) {
                System.setProperty(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                request.selectors(selectClass(Class.forName(arg)));
            }
        }
        // Only JUnit Jupiter: the tests are Jupiter's, and other engines on the class path print banners.
        request.filters(EngineFilter.includeEngines("junit-jupiter"));
        LauncherDiscoveryRequest discovery = request.build();
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(discovery, new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                skipped.addAndGet(test.isTest() ? 1 : 0);
                out.println("SKIP " + name(test) + ": " + oneLine(reason));
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                switch (result.getStatus()) {
                    case SUCCESSFUL -> {
                        if (test.isTest()) {
                            passed.incrementAndGet();
                            out.println("PASS " + name(test));
                        }
                    }
                    case ABORTED -> {
                        skipped.addAndGet(test.isTest() ? 1 : 0);
                        out.println("SKIP " + name(test) + ": " + oneLine(result.getThrowable().map(Throwable::getMessage).orElse("")));
                    }
                    case FAILED -> {
                        failed.incrementAndGet();
                        out.println("FAIL " + name(test) + ": " + oneLine(result.getThrowable().map(Throwable::toString).orElse("")));
                        result.getThrowable().ifPresent(t -> t.printStackTrace(out));
                    }
                }
            }
        });
        int total = passed.get() + skipped.get() + failed.get();
        out.println("tests " + total + ", passed " + passed + ", skipped " + skipped + ", failed " + failed
                + " (" + Arrays.toString(args) + ")");
        System.exit(failed.get() > 0 || total == 0 ? 1 : 0);
    }

    private static String name(TestIdentifier test) {
        String id = test.getUniqueId();
        String cls = id.replaceAll(".*\\[class:([^\\]]*)\\].*", "$1");
        return cls.substring(cls.lastIndexOf('.') + 1) + " " + test.getDisplayName();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ');
    }
}
