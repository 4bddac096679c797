package org.watchtray.nativeaccess.keys;

import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.keys.Keyctl;
import org.watchtray.core.record.RecordDecoder;
import org.watchtray.core.record.TypeFilter;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.core.record.WatchTypes;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/**
 * Runs inside the kernel lab VM: a real notification queue's size and filter ioctls, proved by
 * their effect on the records a watched keyring produces. Prints {@code M|label|value} lines
 * for WatchQueueTest; exits 1 when a step throws.
 */
public final class WatchQueueLabMain {
    /** More changes than a one-page queue (32 notes, the kernel's rounding of any smaller size) holds. */
    static final int FLOOD = 40;

    private WatchQueueLabMain() {
    }

    public static void main(String[] args) {
        try {
            run();
            System.out.println("M|done|ok");
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            System.out.println("M|error|" + t.toString().replace('\n', ' '));
            System.out.flush();
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        LinuxLibc libc = new LinuxLibc();
        Keyctl keyctl = new SyscallKeyctl(libc);
        System.out.println("M|notifications|" + KernelKeys.notificationsBuiltIn());
        int ring = keyctl.addKey("keyring", "lab-queue", new byte[0], Keyctl.USER_KEYRING);

        // The filter: linked only. A setattr (setperm) in between must not arrive.
        try (WatchQueue q = WatchQueue.open(libc)) {
            q.setSize(64);
            q.setFilter(List.of(new TypeFilter(WatchTypes.TYPE_KEY_NOTIFY, 1 << WatchTypes.KEY_LINKED)));
            keyctl.watch(ring, q.fd(), 7);
            keyctl.addKey("user", "a", new byte[] {1}, ring);
            KeyCommands.run("setperm", Integer.toString(ring), "0x3f3f0000");
            keyctl.addKey("user", "b", new byte[] {1}, ring);
            System.out.println("M|filtered|" + subtypes(drain(q)));
        }

        // The size: a one-note queue (rounded up to a page of 32) flooded with more changes than that.
        try (WatchQueue q = WatchQueue.open(libc)) {
            q.setSize(1);
            q.setFilter(List.of());
            keyctl.watch(ring, q.fd(), 8);
            for (int i = 0; i < FLOOD; i++) {
                keyctl.addKey("user", "flood" + i, new byte[] {1}, ring);
            }
            List<WatchRecord> records = drain(q);
            System.out.println("M|flood-linked|" + records.stream().filter(r -> r instanceof WatchRecord.KeyNotification).count());
            System.out.println("M|flood-loss|" + records.stream().filter(r -> r instanceof WatchRecord.Loss).count());
        }
        KeyCommands.run("unlink", Integer.toString(ring), "@u");
    }

    private static List<WatchRecord> drain(WatchQueue q) throws Exception {
        List<WatchRecord> all = new ArrayList<>();
        byte[] buf = new byte[4096];
        int n;
        while ((n = q.readOrAgain(buf)) > 0) {
            all.addAll(RecordDecoder.decode(buf, 0, n));
        }
        return all;
    }

    /** The key subtypes in order, by name ("linked,linked"). */
    private static String subtypes(List<WatchRecord> records) {
        return String.join(",", records.stream().map(r -> r instanceof WatchRecord.KeyNotification k
                ? org.watchtray.core.record.RecordEvents.keyChange(k.subtype()).wireName() : r.getClass().getSimpleName()).toList());
    }
}
