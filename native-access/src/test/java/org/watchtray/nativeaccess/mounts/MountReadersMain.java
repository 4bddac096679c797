package org.watchtray.nativeaccess.mounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.watchtray.core.mounts.MountEntry;
import org.watchtray.core.mounts.MountTable;
import org.watchtray.core.mounts.MountTableReader;
import org.watchtray.core.mounts.MountTables;
import org.watchtray.core.mounts.StatmountBuffer;
import org.watchtray.core.os.Libc;
import org.watchtray.nativeaccess.NativeAccess;

/**
 * Reads this namespace's mount table with statmount and with mountinfo and prints both (keyed
 * by mountinfo ID, unique IDs left out) as one JSON object, plus statmount's missing mask bits.
 */
public final class MountReadersMain {
    public static void main(String[] args) throws Exception {
        NativeAccess bindings = NativeAccess.linux();
        Libc libc = bindings.libc();
        int fd = libc.open("/proc/self/mountinfo", Libc.O_RDONLY, "mount table");
        MountTables tables = bindings.mountTables();
        try (MountTableReader viaStatmount = MountTableReader.statmount(tables, e -> true);
             MountTableReader viaMountinfo = MountTableReader.mountinfo(libc, fd)) {
            MountTable a = viaStatmount.readAll(MountTable.EMPTY).table();
            MountTableReader.Reading b = viaMountinfo.readAll(MountTable.EMPTY);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("unsupported", unsupported(tables));
            out.put("problems", b.problems().toString());
            out.put("statmount", byId(a));
            out.put("mountinfo", byId(b.table()));
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } finally {
            libc.close(fd);
        }
    }

    /** The statmount bits this kernel lacks of those a full reading asks for (6.15+ says; before that, all of them). */
    private static long unsupported(MountTables tables) throws Exception {
        byte[] buf = new byte[64 * 1024];
        long root = tables.listAll()[0];
        if (tables.statmount(root, MountTables.FULL | MountTables.SUPPORTED_MASK, buf) < 0) {
            throw new IllegalStateException("the first mount went away");
        }
        if ((StatmountBuffer.mask(buf) & MountTables.SUPPORTED_MASK) == 0) {
            return MountTables.FULL;
        }
        return MountTables.FULL & ~StatmountBuffer.supportedMask(buf);
    }

    private static Map<Integer, MountEntry> byId(MountTable t) {
        Map<Integer, MountEntry> m = new java.util.TreeMap<>();
        for (MountEntry e : t.entries()) {
            m.put(e.mountId(), e.withoutUniqueId());
        }
        return m;
    }
}
