package org.watchtray.nativeaccess.kerberos;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.watchtray.core.kerberos.CredentialEvent;
import org.watchtray.core.kerberos.CredentialEvent.Change;
import org.watchtray.core.kerberos.KerberosSource;
import org.watchtray.core.os.InotifyEvent;
import org.watchtray.core.os.Libc;
import org.watchtray.core.settings.Environment;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.settings.SettingsBuilder;
import org.watchtray.core.source.SourceStatus;
import org.watchtray.nativeaccess.lab.TestKdc;

/**
 * The FILE-cache watch of the Kerberos source with the real kernel's inotify and a real KDC, in
 * a directory as busy as /tmp: every inotify event the kernel delivers to the source is
 * recorded (its Libc is wrapped), so "nothing woke it" is checked on what was really read.
 * Barrier: each negative check is followed by a change of the cache that must be seen, and
 * inotify delivers in order, so anything the churn before it queued was read by then.
 */
class FileCacheWatchTest {
    @RegisterExtension
    static final TestKdc KDC = new TestKdc();

    @BeforeAll
    static void principals() throws Exception {
        KDC.addPrincipal("alice", "alice-pw", "10 min", "1 hour");
    }

    @Test
    void otherFilesInTheCachesDirectoryAreNotDeliveredWhileTheCachesReplacementAndRemovalAreSeen() throws Exception {
        Path dir = Files.createTempDirectory(KDC.dir(), "busy");
        Path cache = dir.resolve("krb5cc_1000");
        String cc = "FILE:" + cache;
        RecordingLibc libc = new RecordingLibc();
        try (SourceHarness h = new SourceHarness(source(KDC.environment(cc), libc.proxy))) {
            // No cache yet, in a private directory: the directory is watched for its name.
            SourceStatus status = h.awaitStatus(Duration.ofSeconds(5), s -> s.state() == SourceStatus.State.ACTIVE);
            assertTrue(status.mechanism().contains("inotify on " + dir + " (" + cache.getFileName() + ")"), status.mechanism());
            KDC.kinit(cc, "alice", "alice-pw", "-l", "5m");
            CredentialEvent first = h.await("acquired", Duration.ofSeconds(5), e -> e.change() == Change.ACQUIRED);
            // From then on the cache's own inode, not the directory.
            h.awaitStatus(Duration.ofSeconds(5), s -> s.mechanism().contains("inotify on " + cache)
                    && !s.mechanism().contains("inotify on " + dir + " ("));

            // What other programs do in /tmp all day: files created, renamed, removed.
            churn(dir, "other");
            // Barrier: kinit writes a new cache aside and renames it over the old one.
            KDC.kinit(cc, "alice", "alice-pw", "-l", "6m");
            h.await("replaced", Duration.ofSeconds(5), e -> !e.equals(first) && (e.change() == Change.ACQUIRED || e.change() == Change.RENEWED));
            assertFalse(libc.delivered.stream().anyMatch(name -> name.startsWith("other") || name.startsWith("moved")),
                    "no other file's event reached the source: " + libc.delivered);

            // kdestroy: seen on the cache's own inode; from then on the directory is watched for its name.
            KDC.kdestroy(cc);
            h.await("destroyed", Duration.ofSeconds(5), e -> e.change() == Change.DESTROYED);
            h.awaitStatus(Duration.ofSeconds(5), s -> s.mechanism().contains("inotify on " + dir + " (" + cache.getFileName() + ")"));
            int seen = h.credentials().size();
            KDC.kinit(cc, "alice", "alice-pw", "-l", "5m");
            h.await("acquired again", Duration.ofSeconds(5), e -> e.change() == Change.ACQUIRED && h.credentials().indexOf(e) >= seen);
            h.awaitStatus(Duration.ofSeconds(5), s -> s.mechanism().contains("inotify on " + cache)
                    && !s.mechanism().contains("inotify on " + dir + " ("));
        }
    }

    private static void churn(Path dir, String prefix) throws Exception {
        for (int i = 0; i < 20; i++) {
            Path other = Files.writeString(dir.resolve(prefix + i), "x");
            Files.move(other, dir.resolve("moved" + i));
            Files.delete(dir.resolve("moved" + i));
        }
    }

    private static KerberosSource source(Environment env, Libc libc) {
        return new KerberosSource(SourceHarness.NATIVE.kerberos(env, Clock.systemUTC()), libc, SourceHarness.NATIVE.keyctl(),
                SourceHarness.NATIVE.notificationQueues(),
                SettingsBuilder.from(Settings.defaults()).kerberos(new Settings.Kerberos(List.of(Duration.ofSeconds(1)), false)).build());
    }

    /** The real Libc, with the names of every event read from the inotify instances it made. */
    private static final class RecordingLibc {
        final List<String> delivered = new CopyOnWriteArrayList<>();
        private final Set<Integer> inotifyFds = ConcurrentHashMap.newKeySet();
        private final Libc real = SourceHarness.NATIVE.libc();
        final Libc proxy = (Libc) Proxy.newProxyInstance(Libc.class.getClassLoader(), new Class<?>[] {Libc.class}, handler());

        private InvocationHandler handler() {
            return (self, method, args) -> {
                Object result;
                try {
                    result = method.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                if (method.getName().equals("inotify_init1")) {
                    inotifyFds.add((Integer) result);
                } else if (method.getName().equals("readOrAgain") && inotifyFds.contains((Integer) args[0]) && (Integer) result > 0) {
                    for (InotifyEvent e : InotifyEvent.decode((byte[]) args[1], (Integer) result)) {
                        delivered.add(e.name());
                    }
                }
                return result;
            };
        }
    }
}
