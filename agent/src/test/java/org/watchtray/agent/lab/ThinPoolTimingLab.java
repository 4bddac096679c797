package org.watchtray.agent.lab;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.watchtray.agent.AgentConfig;
import org.watchtray.agent.Desktop;
import org.watchtray.agent.outputs.AgentOutputs;
import org.watchtray.core.event.Event;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.thinpool.DeviceMapper;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.thinpool.ThinPoolSource;
import org.watchtray.core.thinpool.ThinPoolStatus;
import org.watchtray.core.thinpool.ThinPoolStatusParser;
import org.watchtray.nativeaccess.NativeAccess;
import org.watchtray.nativeaccess.thinpool.WatchedSchedule;

/**
 * Runs inside the kernel lab VM after {@link ThinPoolTimingLabTest#PRELUDE} made "pool" (64 MiB,
 * no low-water mark, so no kernel event before it is full): one agent with the shipped reading
 * schedule (a crossing reported within 10 s) and one desktop with the default thresholds. Every
 * wait is for an event or for the agent's looks, never a fixed pause. It prints "LATENCY what ms"
 * for the host-side test to check against the bound:
 *
 * <ol>
 *   <li><b>A burst from idle, after the wall clock was set back an hour:</b> once the agent has
 *       looked at the idle pool twice, the VM's clock goes back one hour (a look kept on the wall
 *       clock would now come an hour late), then 59 MiB are written as fast as they go (0 to
 *       92 %, crossing 80, 85 and 90 % within about a second); each crossing is stamped when the
 *       write that made it began ({@link Crossings}), from the pool's status read right after it.</li>
 *   <li><b>A device created without a table, loaded later</b> (what LVM does at activation):
 *       listed by the agent while empty, then loaded and resumed.</li>
 *   <li><b>A pool LVM activates while the agent runs</b> (issue 15's race, 2 of 4 missed before):
 *       first as "vg-lp" (no thin volume yet), then as "vg-lp-tpool" once it has one; its events
 *       carry "vg/lp"; filled past 80 and 85 %; deactivated: one "gone".</li>
 * </ol>
 */
public final class ThinPoolTimingLab {
    private static final long T0 = System.nanoTime();
    private static final String LVM_CONF = """
            devices { filter = [ "a|^/dev/loop|", "r|.*|" ] obtain_device_list_from_udev = 0 use_devicesfile = 0 }
            activation { udev_sync = 0 udev_rules = 0 monitoring = 0 thin_pool_autoextend_threshold = 100 }
            global { use_lvmpolld = 0 event_activation = 0 }
            backup { backup = 0 archive = 0 }
            """;

    record Arrival(long nanos, Event event) {
    }

    static final List<Arrival> ARRIVALS = new CopyOnWriteArrayList<>();

    private ThinPoolTimingLab() {
    }

    static boolean tp(Event e, String pool, ThinPoolEvent.Change change, int threshold) {
        return e instanceof ThinPoolEvent t && t.pool().equals(pool) && t.change() == change && (threshold < 0 || t.threshold() == threshold);
    }

    /** When the desktop got the first event matching {@code p}, waiting up to {@code millis}; -1 (and a failure) if it never came. */
    static long arrival(String what, Predicate<Event> p, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            for (Arrival a : ARRIVALS) {
                if (p.test(a.event())) {
                    return a.nanos();
                }
            }
            Thread.sleep(20);
        }
        LabSubscriber.check(false, "waited " + millis + " ms for " + what);
        return -1;
    }

    static void latency(String what, long from, long to) {
        long ms = (to - from) / 1_000_000;
        System.out.println("LATENCY " + what + " " + (to < 0 ? -1 : ms));
    }

    private static void looks(WatchedSchedule schedule, int n, String why) throws InterruptedException {
        // A quiet pool is looked at only at the safety look (60 s): n of them can take that long each.
        long safety = ThinPoolSource.Options.DEFAULT.safetyInterval().toMillis();
        LabSubscriber.check(schedule.awaitIdleLooks(n, 60_000 + n * safety), n + " looks of the agent " + why);
    }

    public static void main(String[] args) throws Exception {
        NativeAccess os = NativeAccess.linux();
        AgentConfig config = AgentConfig.defaults().withSocket(Path.of("/run/watchtray/timing.sock")).onlyThinPools(ThinPoolSource.Options.DEFAULT);
        WatchedSchedule schedule = new WatchedSchedule(config.readings().schedule());
        try (LabSubscriber agent = new LabSubscriber(config, AgentOutputs.Config.none(), sink -> List.of(
                new ThinPoolSource(os.libc(), os.deviceMapper(config.dmControl()), os.filesystemWrites(), config.readings(), schedule, sink)));
             Desktop desktop = new Desktop(config.socket(), Settings.defaults(), e -> {
                 ARRIVALS.add(new Arrival(System.nanoTime(), e));
                 LabSubscriber.print("D", e);
             });
             DeviceMapper dm = os.deviceMapper(DeviceMapper.CONTROL).open()) {
            System.out.println("REPORT_WITHIN " + config.readings().reportWithin().toMillis() + " LOOK " + config.readings().lookInterval().toMillis());
            arrival("the pool's first reading", e -> tp(e, "pool", ThinPoolEvent.Change.STATUS, 0), 120_000);

            // 1. A burst from idle, after the wall clock was set back an hour.
            looks(schedule, 2, "at the idle pool");
            LabSubscriber.sh("date -s @$(( $(date +%s) - 3600 )) >/dev/null && date");
            Map<Integer, Long> crossed = burst(dm, "pool", "/dev/mapper/thin0", 59);
            for (var c : crossed.entrySet()) {
                int th = c.getKey();
                long at = arrival("DATA_THRESHOLD " + th + " after the burst", e -> tp(e, "pool", ThinPoolEvent.Change.DATA_THRESHOLD, th), 60_000);
                latency("burst data " + th, c.getValue(), at);
            }
            LabSubscriber.check(crossed.keySet().equals(java.util.Set.of(80, 85, 90)), "the burst crossed 80, 85 and 90: " + crossed.keySet());

            // 2. A device created without a table, listed, then loaded and resumed.
            LabSubscriber.sh("""
                    cd /tmp && truncate -s 64M late-data.img && truncate -s 8M late-meta.img \
                    && losetup -f --show late-meta.img > late-meta.dev && losetup -f --show late-data.img > late-data.dev \
                    && dd if=/dev/zero of=$(cat late-meta.dev) bs=4096 count=1 2>/dev/null \
                    && dmsetup create late --notable""");
            looks(schedule, 1, "after the empty device was created (it has listed it by then)");
            LabSubscriber.sh("""
                    cd /tmp && dmsetup load late --table "0 131072 thin-pool $(cat late-meta.dev) $(cat late-data.dev) 128 0 1 skip_block_zeroing" \
                    && dmsetup resume late""");
            // From the moment the resume returned (the pool exists from then on); seen earlier counts as 0.
            long loaded = System.nanoTime();
            long late = arrival("the late pool's first reading", e -> tp(e, "late", ThinPoolEvent.Change.STATUS, 0), 60_000);
            latency("late table", loaded, late < 0 ? late : Math.max(late, loaded));

            // 3. LVM activates a pool while the agent runs; its events carry vg/lv; it goes once.
            java.nio.file.Files.createDirectories(Path.of("/tmp/lvm"));
            java.nio.file.Files.writeString(Path.of("/tmp/lvm/lvm.conf"), LVM_CONF);
            String lvm = "export LVM_SYSTEM_DIR=/tmp/lvm DM_DISABLE_UDEV=1; mkdir -p /run/lock/lvm /run/lvm; ";
            LabSubscriber.sh(lvm + "cd /tmp && truncate -s 256M pv.img && PV=$(losetup -f --show pv.img) && pvcreate -q $PV >/dev/null"
                    + " && vgcreate -q -s 1M vg $PV >/dev/null");
            // A pool with no thin volume yet is active under its own name, "vg-lp", as a thin-pool device. Latencies
            // count from the moment lvcreate returned, the device active (LVM creates it empty, then loads and resumes
            // its table, all before it returns); seen earlier counts as 0.
            LabSubscriber.sh(lvm + "lvcreate -q --type thin-pool -L 32M -c 64k -Zn --poolmetadatasize 2M --poolmetadataspare n -n lp vg");
            long created = System.nanoTime();
            long seen = arrival("the LVM pool's first reading", e -> tp(e, "vg-lp", ThinPoolEvent.Change.STATUS, 0), 60_000);
            latency("lvm pool activation", created, seen < 0 ? seen : Math.max(seen, created));
            // Its first thin volume moves the pool to "vg-lp-tpool" ("vg-lp" becomes a linear device over it).
            LabSubscriber.sh(lvm + "lvcreate -q -V 64M -T vg/lp -n lv");
            long layered = System.nanoTime();
            seen = arrival("the LVM pool's first reading as vg-lp-tpool", e -> tp(e, "vg-lp-tpool", ThinPoolEvent.Change.STATUS, 0), 60_000);
            latency("lvm thin volume activation", layered, seen < 0 ? seen : Math.max(seen, layered));
            LabSubscriber.sh("dd if=/dev/urandom of=/dev/mapper/vg-lv bs=1M count=28 oflag=direct 2>&1 | tail -n 1"); // 28 of 32 MiB
            arrival("the LVM pool's 85 %", e -> tp(e, "vg-lp-tpool", ThinPoolEvent.Change.DATA_THRESHOLD, 85), 60_000);
            LabSubscriber.sh(lvm + "lvchange -an -q vg/lv vg/lp && dmsetup ls");
            arrival("the LVM pool gone", e -> tp(e, "vg-lp-tpool", ThinPoolEvent.Change.RESOLVED, -1), 60_000);
            looks(schedule, 2, "after the LVM pool went");
            for (Arrival a : ARRIVALS) {
                if (a.event() instanceof ThinPoolEvent t && t.pool().startsWith("vg-")) {
                    System.out.println("LVM " + t.pool() + " " + t.change() + " " + t.threshold() + " lvm=" + t.lvmName() + " mode=" + t.mode());
                }
            }
        }
        System.out.println("DONE");
        System.exit(LabSubscriber.exitCode());
    }

    /**
     * Writes {@code mib} MiB from the start of {@code target} (a thin device, or a file on a filesystem on one), each MiB
     * synced (fdatasync: for a file, its blocks are allocated and written then) so the
     * pool allocates it then, reading the pool's status after each: returns the time each of 80,
     * 85 and 90 % was crossed (when the write that took usage past it began, {@link Crossings}).
     */
    static Map<Integer, Long> burst(DeviceMapper dm, String pool, String target, int mib) throws Exception {
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        new java.util.Random(15).ints(chunk.capacity() / 4).forEach(chunk::putInt);
        Crossings crossings = new Crossings(dm, pool, "data", T0);
        System.out.println("BURST from " + crossings.usedPermille() / 10.0 + " %");
        try (FileChannel ch = FileChannel.open(Path.of(target), StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            for (int i = 0; i < mib; i++) {
                long at = (long) i * chunk.capacity();
                crossings.write(() -> {
                    chunk.clear();
                    while (chunk.hasRemaining()) {
                        ch.write(chunk, at + chunk.position());
                    }
                    ch.force(false);
                });
            }
        }
        return crossings.crossed();
    }

    /**
     * Shell that makes a pool like the prelude's (64 MiB in blocks of 64 KiB on loop files in /tmp, no low-water mark)
     * named {@code pool}, with thin volume {@code thin} of {@code sectors} on it, while an agent runs.
     */
    static String anotherPool(String pool, String thin, long sectors) {
        return """
                export DM_DISABLE_UDEV=1; cd /tmp && truncate -s 64M %1$s.data.img && truncate -s 8M %1$s.meta.img \
                && META=$(losetup -f --show %1$s.meta.img) && DATA=$(losetup -f --show %1$s.data.img) \
                && dd if=/dev/zero of=$META bs=4096 count=1 2>/dev/null \
                && dmsetup create %1$s --table "0 131072 thin-pool $META $DATA 128 0 1 error_if_no_space" \
                && dmsetup message %1$s 0 "create_thin 0" \
                && dmsetup create %2$s --table "0 %3$d thin /dev/mapper/%1$s 0\"""".formatted(pool, thin, sectors);
    }

    /** Data usage in tenths of a percent, rounded down, from DM_TABLE_STATUS (no flush). */
    static long usedPermille(DeviceMapper dm, String pool) throws Exception {
        String line = dm.status(pool, false).targets().getFirst().text();
        ThinPoolStatus s = ThinPoolStatusParser.parse(line).orElseThrow();
        return s.usedDataBlocks() * 1000 / s.totalDataBlocks();
    }
}
