package org.watchtray.agent.lab;

import static org.watchtray.agent.lab.ThinPoolTimingLab.ARRIVALS;
import static org.watchtray.agent.lab.ThinPoolTimingLab.arrival;
import static org.watchtray.agent.lab.ThinPoolTimingLab.latency;
import static org.watchtray.agent.lab.ThinPoolTimingLab.tp;
import static org.watchtray.agent.lab.ThinPoolTimingLab.usedPermille;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
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
 *   <li>{@code LATENCY mmap data T MS}: from the crossing of T (stamped when the write whose msync made
 *       it began, {@link Crossings}) to the desktop's event.</li>
 *   <li>{@code SIGNAL mmap N}: write signals during the fill.</li>
 *   <li>{@code REOPENED after a clock jump true}: the wall clock set a minute forward, the pool's
 *       block-layer signal is opened again (as after a resume, which took its CPUs' events).</li>
 *   <li>{@code LATENCY steady data T MS}: a second pool, "slowpool" (made while the agent runs),
 *       filled to 75 % in a burst and then, without a pause, at a steady 0.5 % a second
 *       (bench/thinpool's slow pattern: one 64 KiB block every 0.2 s through the thin volume's
 *       node, each fdatasync'ed) past 80, 85 and 90 %: by then it has been written for half a
 *       minute, so it is looked at as a written pool, not woken from quiet.</li>
 *   <li>{@code LOOKS steady N S}: the agent's looks at "slowpool" during the steady fill, and its
 *       length in seconds.</li>
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

            // A clock set (a resume cancels the same timers): the pool's perf events are opened again
            // (ThinPoolSource.REOPEN_AFTER later), which the schedule hears as the pool covered anew.
            int jump = schedule.mark();
            LabSubscriber.sh("date -s @$(( $(date +%s) + 60 )) >/dev/null");
            System.out.println("REOPENED after a clock jump " + (schedule.await("block", "pool", jump, 15_000) != null));

            steadyFill(dm, schedule);
        }
        System.out.println("DONE");
        System.exit(LabSubscriber.exitCode());
    }

    /** The steady phase: "slowpool" made, filled to 75 % at once, then at 0.5 % a second past 90 %. */
    private static void steadyFill(DeviceMapper dm, WatchedSchedule schedule) throws Exception {
        LabSubscriber.sh(ThinPoolTimingLab.anotherPool("slowpool", "slowv", 262144));
        arrival("the steady pool's first reading", e -> tp(e, "slowpool", ThinPoolEvent.Change.STATUS, 0), 120_000);
        ThinPoolTimingLab.burst(dm, "slowpool", "/dev/mapper/slowv", 48); // 75 %
        int mark = schedule.mark();
        long start = System.nanoTime();
        ByteBuffer block = ByteBuffer.allocateDirect(64 << 10); // one thin block (128 sectors)
        new Random(16).ints(block.capacity() / 4).forEach(block::putInt);
        Crossings crossings = new Crossings(dm, "slowpool", "steady data", start);
        System.out.println("STEADY from " + crossings.usedPermille() / 10.0 + " %");
        try (FileChannel ch = FileChannel.open(Path.of("/dev/mapper/slowv"), StandardOpenOption.WRITE)) {
            for (long i = 0; crossings.usedPermille() < 920; i++) {
                // A block every 0.2 s on a fixed timetable (64 KiB of 64 MiB: 0.49 % a second), not 0.2 s after the last one.
                LockSupport.parkNanos(start + i * 200_000_000L - System.nanoTime());
                long at = (48L << 20) + (i << 16);
                crossings.write(() -> {
                    block.clear();
                    while (block.hasRemaining()) {
                        ch.write(block, at + block.position());
                    }
                    ch.force(false);
                });
            }
        }
        Map<Integer, Long> crossed = crossings.crossed();
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        LabSubscriber.check(crossed.keySet().equals(java.util.Set.of(80, 85, 90)), "the steady fill crossed 80, 85 and 90: " + crossed.keySet());
        for (var c : crossed.entrySet()) {
            int th = c.getKey();
            long at = arrival("steady DATA_THRESHOLD " + th, e -> tp(e, "slowpool", ThinPoolEvent.Change.DATA_THRESHOLD, th), 60_000);
            latency("steady data " + th, c.getValue(), at);
        }
        System.out.println("LOOKS steady " + schedule.since(mark).stream()
                .filter(e -> e.pool().equals("slowpool") && e.what().equals("look")).count() + " " + seconds);
    }

    /** Fills {@code file} (sparse, {@code mib} MiB) through a shared mapping, msync'ing each MiB; when each threshold was crossed. */
    private static Map<Integer, Long> mmapFill(DeviceMapper dm, Path file, int mib, long before) throws Exception {
        byte[] chunk = new byte[1 << 20];
        new Random(15).nextBytes(chunk);
        System.out.println("MMAP from " + before / 10.0 + " % for " + mib + " MiB");
        Crossings crossings = new Crossings(dm, "pool", "data", System.nanoTime());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            ch.truncate(0);
            try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength((long) mib << 20); // sparse: nothing allocated yet
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, (long) mib << 20);
            for (int i = 0; i < mib; i++) {
                int at = i << 20;
                crossings.write(() -> {
                    map.put(at, chunk);
                    map.force(at, chunk.length); // msync of this MiB: writeback allocates its blocks
                });
            }
        }
        return crossings.crossed();
    }
}
