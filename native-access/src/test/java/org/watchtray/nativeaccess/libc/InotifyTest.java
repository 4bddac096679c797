package org.watchtray.nativeaccess.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.os.Inotify;
import org.watchtray.core.os.InotifyEvent;
import org.watchtray.core.os.Libc;

/** core.os.Inotify over the real kernel, through LinuxLibc. */
class InotifyTest {

    @Test
    void aRealInstanceReportsARenameIntoAWatchedDirectory() throws Exception {
        Path dir = Files.createTempDirectory("inotify");
        try (Inotify inotify = new Inotify(new LinuxLibc())) {
            int wd = inotify.addWatch(dir, Libc.IN_MOVED_TO | Libc.IN_CREATE);
            assertEquals(List.of(), inotify.drain(), "nothing yet, and no blocking");
            Path tmp = Files.writeString(dir.resolve("cc.tmp"), "x");
            Files.move(tmp, dir.resolve("cc"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            List<InotifyEvent> events = inotify.drain();
            assertEquals(List.of(new InotifyEvent(wd, Libc.IN_CREATE, 0, "cc.tmp")), events.subList(0, 1));
            assertEquals(Libc.IN_MOVED_TO, events.get(1).mask());
            assertEquals("cc", events.get(1).name());
        } finally {
            Files.deleteIfExists(dir.resolve("cc"));
            Files.delete(dir);
        }
    }
}
