package org.watchtray.agent.lab;

import static org.watchtray.agent.lab.ThinPoolTimingLab.ARRIVALS;
import static org.watchtray.agent.lab.ThinPoolTimingLab.arrival;
import static org.watchtray.agent.lab.ThinPoolTimingLab.latency;
import static org.watchtray.agent.lab.ThinPoolTimingLab.tp;
import static org.watchtray.agent.lab.ThinPoolTimingLab.usedPermille;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.watchtray.agent.AgentConfig;
import org.watchtray.agent.Desktop;
import org.watchtray.agent.outputs.AgentOutputs;
import org.watchtray.core.settings.Settings;
import org.watchtray.core.thinpool.DeviceMapper;
import org.watchtray.core.thinpool.ThinPoolEvent;
import org.watchtray.core.thinpool.ThinPoolSource;
import org.watchtray.nativeaccess.NativeAccess;
import org.watchtray.nativeaccess.thinpool.WatchedSchedule;

/**
 * Runs inside the kernel lab VM on a kernel with perf events and tracepoints, after
 * {@link ThinPoolBlockSignalLabTest#PRELUDE} made "pool" with "thin0" on it, ext4 on thin0 at
 * /tmp/fs and tracefs mounted. One agent with the block-layer signal, the shipped safety look
 * (60 s) and a settle time of {@value #SETTLE_S} s (so the VM run stays short); one desktop. Once
 * the pool is quiet, a sparse file on the ext4 is filled through a shared mmap, 1 MiB at a time,
 * each MiB msync'ed (which writes it back and allocates its blocks in the pool): no write(2), so
 * no fsnotify event. Prints:
 *
 * <ol>
 *   <li>{@code COVERAGE block} when the agent's signal for the pool is the block layer's.</li>
 *   <li>{@code FIRST after quiet: written|look}: what the schedule heard first for the pool
 *       after it went quiet (the signal, or a look: the safety look, which must not be needed).</li>
 *   <li>{@code LATENCY mmap data T MS}: from the crossing of T (stamped when the msync that made
 *       it returned) to the desktop's event.</li>
 *   <li>{@code SIGNAL mmap N}: write signals during the fill.</li>
 * </ol>
 */
public final class ThinPoolBlockSignalLab {
    static final int SETTLE_S = 5;

    private ThinPoolBlockSignalLab() {
    }

    public static void main(String[] args) throws Exception {
        NativeAccess os = NativeAccess.linux();
        ThinPoolSource.Options options = ThinPoolSource.Options.DEFAULT.withSignals(ThinPoolSource.Options.SAFETY, Duration.ofSeconds(SETTLE_S));
        AgentConfig config = AgentConfig.defaults().withSocket(Path.of("/run/watchtray/block.sock")).onlyThinPools(options);
        WatchedSchedule schedule = new WatchedSchedule(config.readings().schedule());
        try (LabSubscriber agent = new LabSubscriber(config, AgentOutputs.Config.none(), sink -> List.of(
                new ThinPoolSource(os.libc(), os.deviceMapper(config.dmControl()), os.blockWrites(), os.filesystemWrites(), config.readings(),
                        schedule, sink)));
             Desktop desktop = new Desktop(config.socket(), Settings.defaults(), e -> {
                 ARRIVALS.add(new ThinPoolTimingLab.Arrival(System.nanoTime(), e));
                 LabSubscriber.print("D", e);
             });
             DeviceMapper dm = os.deviceMapper(DeviceMapper.CONTROL).open()) {
            arrival("the pool's first reading", e -> tp(e, "pool", ThinPoolEvent.Change.STATUS, 0), 120_000);
            if (schedule.await("block", "pool", 0, 10_000) != null) {
                System.out.println("COVERAGE block");
            }
            WatchedSchedule.Entry quiet = schedule.await("quiet", "pool", 0, 120_000);
            LabSubscriber.check(quiet != null, "the pool became quiet");
            int mark = schedule.log().indexOf(quiet) + 1;

            long before = usedPermille(dm, "pool");
            int mib = (int) ((920 - before) * 64 / 1000); // to 92 %: past 80, 85 and 90, short of full
            Map<Integer, Long> crossed = mmapFill(dm, Path.of("/tmp/fs/mapped"), mib, before);
            LabSubscriber.check(crossed.keySet().equals(java.util.Set.of(80, 85, 90)), "the fill crossed 80, 85 and 90: " + crossed.keySet());
            for (var c : crossed.entrySet()) {
                int th = c.getKey();
                long at = arrival("mmap DATA_THRESHOLD " + th, e -> tp(e, "pool", ThinPoolEvent.Change.DATA_THRESHOLD, th), 60_000);
                latency("mmap data " + th, c.getValue(), at);
            }
            List<WatchedSchedule.Entry> after = schedule.since(mark);
            String first = after.stream().filter(e -> e.pool().equals("pool") && (e.what().equals("written") || e.what().equals("look")))
                    .map(WatchedSchedule.Entry::what).findFirst().orElse("nothing");
            System.out.println("FIRST after quiet: " + first);
            System.out.println("SIGNAL mmap " + after.stream().filter(e -> e.what().equals("written")).count());
        }
        System.out.println("DONE");
        System.exit(LabSubscriber.exitCode());
    }

    /** Fills {@code file} (sparse, {@code mib} MiB) through a shared mapping, msync'ing each MiB; when each threshold was crossed. */
    private static Map<Integer, Long> mmapFill(DeviceMapper dm, Path file, int mib, long before) throws Exception {
        Map<Integer, Long> crossed = new TreeMap<>();
        byte[] chunk = new byte[1 << 20];
        new Random(15).nextBytes(chunk);
        System.out.println("MMAP from " + before / 10.0 + " % for " + mib + " MiB");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            ch.truncate(0);
            try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength((long) mib << 20); // sparse: nothing allocated yet
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, (long) mib << 20);
            for (int i = 0; i < mib; i++) {
                map.put(i << 20, chunk);
                map.force(i << 20, chunk.length); // msync of this MiB: writeback allocates its blocks
                long t = System.nanoTime();
                long now = usedPermille(dm, "pool");
                for (int th : new int[] {80, 85, 90}) {
                    if (before < th * 10L && now >= th * 10L) {
                        crossed.put(th, t);
                        System.out.println("CROSS data " + th + " at " + now / 10.0 + " %");
                    }
                }
                before = now;
            }
        }
        return crossed;
    }
}
