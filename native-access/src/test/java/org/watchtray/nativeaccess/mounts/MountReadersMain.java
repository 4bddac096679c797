package org.watchtray.nativeaccess.mounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.watchtray.core.mounts.MountEntry;
import org.watchtray.core.mounts.MountTable;
import org.watchtray.nativeaccess.libc.Libc;
import org.watchtray.nativeaccess.libc.LinuxLibc;

/**
 * Reads this namespace's mount table with statmount and with mountinfo and prints both (keyed
 * by mountinfo ID, unique IDs left out) as one JSON object, plus statmount's missing mask bits.
 */
public final class MountReadersMain {
    public static void main(String[] args) throws Exception {
        Libc libc = new LinuxLibc();
        int fd = libc.open("/proc/self/mountinfo", Libc.O_RDONLY, "mount table");
        try (Statmount statmount = new Statmount(libc);
             StatmountReader viaStatmount = new StatmountReader(new Statmount(libc), e -> true);
             MountinfoReader viaMountinfo = new MountinfoReader(libc, fd)) {
            long[] ids = statmount.listAll();
            MountTable a = viaStatmount.readAll(MountTable.EMPTY).table();
            MountinfoReader.Reading b = viaMountinfo.readAll(MountTable.EMPTY);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("unsupported", statmount.unsupported(ids[0], Statmount.FULL));
            out.put("problems", b.problems().toString());
            out.put("statmount", byId(a));
            out.put("mountinfo", byId(b.table()));
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } finally {
            libc.close(fd);
        }
    }

    private static Map<Integer, MountEntry> byId(MountTable t) {
        Map<Integer, MountEntry> m = new java.util.TreeMap<>();
        for (MountEntry e : t.entries()) {
            m.put(e.mountId(), e.withoutUniqueId());
        }
        return m;
    }
}
