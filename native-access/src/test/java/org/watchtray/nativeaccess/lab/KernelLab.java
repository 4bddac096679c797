package org.watchtray.nativeaccess.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs code inside the kernel lab VM (../shared/kernel-lab/run-vm), whose kernel has the
 * watch_queue, dm-thin and dummy USB that this machine's kernel lacks. Tests compile on the
 * host and run a small main class inside the guest with the test class path, which the guest
 * sees through its read-only view of the host's root filesystem.
 *
 * <p>A missing lab or qemu is a test failure with the reason, never a silent skip: CI installs
 * qemu-system-x86 and lays shared/ beside the checkout.
 */
public final class KernelLab {
    private KernelLab() {
    }

    /** What the guest printed and its exit status. */
    public record Result(int exitCode, String output, String log) {
        public String describe() {
            return "exit " + exitCode + "\n--- output ---\n" + output + "\n--- run-vm ---\n" + log;
        }
    }

    /** The run-vm script: {@code -Dwatchtray.kernelLab=…}, else {@code ../shared/kernel-lab} above the checkout. */
    public static Path runVm() {
        String configured = System.getProperty("watchtray.kernelLab", System.getenv("WATCHTRAY_KERNEL_LAB"));
        if (configured != null && !configured.isEmpty()) {
            return Path.of(configured).resolve("run-vm");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/kernel-lab/run-vm");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
            Path sibling = dir.resolveSibling("shared/kernel-lab/run-vm");
            if (Files.isExecutable(sibling)) {
                return sibling;
            }
        }
        throw new AssertionError("kernel lab not found: expected shared/kernel-lab/run-vm beside the checkout "
                + "(or set -Dwatchtray.kernelLab=DIR)");
    }

    /**
     * Runs a shell command string in the guest, starting in this JVM's working directory. The
     * VM is started from the top of the checkout: the guest sees only that directory of the
     * caller's (its /tmp is its own), and the test class path names every module's
     * target/classes, so a checkout under /tmp must be shared whole.
     */
    public static Result shell(String command, int timeoutSeconds) throws IOException, InterruptedException {
        return shellOn(null, command, timeoutSeconds);
    }

    /** Like {@link #shell} on another guest kernel ({@code KLAB_KERNEL}); null for run-vm's own (or the caller's KLAB_KERNEL). */
    public static Result shellOn(Path kernel, String command, int timeoutSeconds) throws IOException, InterruptedException {
        Path cwd = Path.of("").toAbsolutePath();
        String inModule = "cd " + quote(cwd.toString()) + " || exit 125\n" + command;
        return run(List.of(runVm().toString(), inModule), checkoutRoot(cwd), timeoutSeconds, kernel);
    }

    /**
     * The lab kernel with perf events and tracepoints ({@code -Dwatchtray.tracingKernel=…}, else
     * {@code $KLAB_TRACING_KERNEL}; lab/tracing-kernel builds one); empty when none is given or
     * the file is missing, and the lab's own kernel (which has neither) is used.
     */
    public static java.util.Optional<Path> tracingKernel() {
        String configured = System.getProperty("watchtray.tracingKernel", System.getenv("KLAB_TRACING_KERNEL"));
        return configured == null || configured.isBlank() || !Files.isRegularFile(Path.of(configured)) ? java.util.Optional.empty()
                : java.util.Optional.of(Path.of(configured));
    }

    /** The outermost directory above {@code dir} that still holds a pom.xml: the checkout's top. */
    static Path checkoutRoot(Path dir) {
        Path top = dir;
        for (Path d = dir; d != null && Files.isRegularFile(d.resolve("pom.xml")); d = d.getParent()) {
            top = d;
        }
        return top;
    }

    /**
     * A shell prelude making a thin pool "pool" on loop devices (64 MiB data in 1024 blocks of
     * 64 KiB, 8 MiB metadata, a low-water mark of {@code lowWaterBlocks} free blocks, 0 for none,
     * error_if_no_space) and a 128 MiB thin volume "thin0" in it.
     */
    public static String thinPool(int lowWaterBlocks) {
        return """
                export DM_DISABLE_UDEV=1
                cd /tmp
                truncate -s 64M data.img; truncate -s 8M meta.img
                META=$(losetup -f --show meta.img); DATA=$(losetup -f --show data.img)
                dd if=/dev/zero of=$META bs=4096 count=1 2>/dev/null
                dmsetup create pool --table "0 131072 thin-pool $META $DATA 128 %d 1 error_if_no_space"
                dmsetup message pool 0 "create_thin 0"
                dmsetup create thin0 --table "0 262144 thin /dev/mapper/pool 0"
                cd "$OLDPWD"
                """.formatted(lowWaterBlocks);
    }

    /**
     * Runs {@code mainClass} with this JVM's class path inside the guest, after an optional
     * shell prelude (e.g. loading a module or creating a device).
     */
    public static Result java(String prelude, Class<?> mainClass, int timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        return javaOn(null, prelude, mainClass, timeoutSeconds, args);
    }

    /** Like {@link #java} on another guest kernel; null for run-vm's own. */
    public static Result javaOn(Path kernel, String prelude, Class<?> mainClass, int timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        String javaHome = System.getProperty("java.home");
        StringBuilder cmd = new StringBuilder();
        if (prelude != null && !prelude.isBlank()) {
            cmd.append(prelude).append('\n');
        }
        cmd.append(quote(javaHome + "/bin/java"))
                .append(" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto --enable-native-access=ALL-UNNAMED")
                .append(" -cp ").append(quote(System.getProperty("java.class.path")))
                .append(' ').append(mainClass.getName());
        for (String a : args) {
            cmd.append(' ').append(quote(a));
        }
        return shellOn(kernel, cmd.toString(), timeoutSeconds);
    }

    /**
     * The guest kernel's boot-time check of its timer interrupt, which a software-emulated CPU
     * on a busy host can fail before anything of ours ran: the VM gave no result and nothing
     * was tested, so the run is made again (twice at most). Any other failure is the test's.
     */
    static final String EMULATED_TIMER_PANIC = "IO-APIC + timer doesn't work";
    private static final int BOOT_ATTEMPTS = 3;

    private static Result run(List<String> command, Path directory, int timeoutSeconds, Path kernel) throws IOException, InterruptedException {
        Result r = runOnce(command, directory, timeoutSeconds, kernel);
        for (int attempt = 2; attempt <= BOOT_ATTEMPTS && panickedAtBoot(r); attempt++) {
            System.err.println("kernel lab: the guest kernel panicked at boot (" + EMULATED_TIMER_PANIC + ", emulation under load); booting again, attempt "
                    + attempt + " of " + BOOT_ATTEMPTS);
            r = runOnce(command, directory, timeoutSeconds, kernel);
        }
        return r;
    }

    /** Whether run-vm said the guest gave no result and the console it names shows the timer panic. */
    static boolean panickedAtBoot(Result r) {
        if (r.exitCode() != 125) {
            return false;
        }
        Matcher m = Pattern.compile("no result from the guest .*console: (\\S+)").matcher(r.log());
        if (!m.find()) {
            return false;
        }
        try {
            return Files.readString(Path.of(m.group(1)), StandardCharsets.ISO_8859_1).contains(EMULATED_TIMER_PANIC);
        } catch (IOException e) {
            return false;
        }
    }

    private static Result runOnce(List<String> command, Path directory, int timeoutSeconds, Path kernel) throws IOException, InterruptedException {
        Path out = Files.createTempFile("klab-out", ".txt");
        Path err = Files.createTempFile("klab-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
                    .directory(directory.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().put("KLAB_TIMEOUT", Integer.toString(timeoutSeconds));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            if (kernel != null) {
                pb.environment().put("KLAB_KERNEL", kernel.toString());
            }
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds + 30L, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kernel lab VM did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
