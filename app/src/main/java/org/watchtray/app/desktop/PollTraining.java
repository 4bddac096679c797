package org.watchtray.app.desktop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.watchtray.core.kerberos.KerberosSource;
import org.watchtray.core.keys.KeySource;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.source.EventLoop;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * Part of the AOT training ({@link AotTraining}): runs the idle tray's two minute polls a few
 * hundred times, each 5 ms apart, so that their code is compiled in the training run. The cache
 * then holds those compilations (JEP 515's training data) and the JVM replays them when the
 * classes are initialised at start ("Training_replay"), instead of C1 compiling the poll path bit
 * by bit after each of the tray's first polls, a minute apart, each compile a wakeup of its
 * thread (docs/idle.md, "Compiling the polls at start"). The polls are the real ones on a loop
 * of their own: /proc/keys where the kernel has no key notification queue, and a Kerberos FILE
 * cache that does not exist in a shared (sticky, world-writable) directory, like /tmp/krb5cc_UID
 * without a ticket. Nothing outside {@code home} is written.
 */
final class PollTraining {
    /** Enough for each call made once per poll to pass C1's invocation threshold (200). */
    static final int POLLS = 300;
    static final Duration INTERVAL = Duration.ofMillis(5);

    private PollTraining() {
    }

    static void run(Path home, Environment env) throws Exception {
        Path shared = Files.createDirectories(home.resolve("shared-tmp"));
        Files.setAttribute(shared, "unix:mode", 01777); // what makes the missing cache "looked for" (CacheFilePlan.shared)
        Map<String, String> vars = new HashMap<>(env.variables());
        vars.put("KRB5CCNAME", "FILE:" + shared.resolve("krb5cc_training"));
        Environment kerberosEnv = new Environment(vars, home);
        Settings settings = SettingsBuilder.from(Settings.defaults())
                .keys(new Settings.Keys(List.of(), Settings.Keys.DEFAULT.expiryWarning(), INTERVAL, List.of())).build();
        Clock clock = Clock.systemUTC();
        NativeAccess os = NativeAccess.linux();
        EventLoop loop = new EventLoop(os.libc(), clock, events -> { });
        try {
            loop.add(new KeySource(os.keyctl(), os.notificationQueues(), settings.keys()));
            loop.add(new KerberosSource(os.kerberos(kerberosEnv, clock), os.libc(), os.keyctl(), os.notificationQueues(), settings));
            loop.start();
            Thread.sleep(INTERVAL.multipliedBy(POLLS).toMillis());
        } finally {
            loop.close();
        }
    }
}
