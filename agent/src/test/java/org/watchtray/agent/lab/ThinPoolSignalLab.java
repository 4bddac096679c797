package org.watchtray.agent.lab;

import static org.watchtray.agent.lab.ThinPoolTimingLab.ARRIVALS;
import static org.watchtray.agent.lab.ThinPoolTimingLab.arrival;
import static org.watchtray.agent.lab.ThinPoolTimingLab.burst;
import static org.watchtray.agent.lab.ThinPoolTimingLab.latency;
import static org.watchtray.agent.lab.ThinPoolTimingLab.tp;
import static org.watchtray.agent.lab.ThinPoolTimingLab.usedPermille;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * Runs inside the kernel lab VM after {@link ThinPoolTimingLabTest#PRELUDE} made "pool" (64 MiB,
 * no low-water mark) with "thin0" on it: one agent with the shipped look interval (9 s) and
 * write-signal schedule, its safety look every {@value #SAFETY_S} s and a settle time of
 * {@value #SETTLE_S} s (shorter than shipped, so the VM run stays short), and one desktop with
 * the default thresholds. The schedule is watched ({@link WatchedSchedule}): every look, reading
 * and write signal is counted with its time, so nothing here waits by sleeping. Prints:
 *
 * <ol>
 *   <li>{@code IDLE looks=N readings=N signals=N after=MS}: what the agent did from the moment
 *       the idle pool became quiet up to and including its next look, and how long after the
 *       quiet moment that look came (the safety look).</li>
 *   <li>{@code LATENCY node data T MS}: the quiet pool filled 0 → 92 % through the thin volume's
 *       device node; the crossing of T stamped when the write that made it returned.</li>
 *   <li>{@code LATENCY fs data T MS}: a second pool, "fspool", whose thin volume holds an ext4
 *       filesystem mounted while the agent runs; once quiet, a file on it is written (each MiB
 *       fdatasync'ed, which allocates its blocks in the pool then) past 80, 85 and 90 %.</li>
 *   <li>{@code SIGNAL node|fs N}: how many write signals came during each fill (at least one).</li>
 * </ol>
 */
public final class ThinPoolSignalLab {
    static final int SAFETY_S = 20;
    static final int SETTLE_S = 5;

    private ThinPoolSignalLab() {
    }

    public static void main(String[] args) throws Exception {
        NativeAccess os = NativeAccess.linux();
        ThinPoolSource.Options options = ThinPoolSource.Options.DEFAULT.withSignals(Duration.ofSeconds(SAFETY_S), Duration.ofSeconds(SETTLE_S));
        AgentConfig config = AgentConfig.defaults().withSocket(Path.of("/run/watchtray/signal.sock")).onlyThinPools(options);
        WatchedSchedule schedule = new WatchedSchedule(config.readings().schedule());
        try (LabSubscriber agent = new LabSubscriber(config, AgentOutputs.Config.none(), sink -> List.of(
                new ThinPoolSource(os.libc(), os.deviceMapper(config.dmControl()), os.filesystemWrites(), config.readings(), schedule, sink)));
             Desktop desktop = new Desktop(config.socket(), Settings.defaults(), e -> {
                 ARRIVALS.add(new ThinPoolTimingLab.Arrival(System.nanoTime(), e));
                 LabSubscriber.print("D", e);
             });
             DeviceMapper dm = os.deviceMapper(DeviceMapper.CONTROL).open()) {
            System.out.println("LOOK " + options.lookInterval().toMillis() + " SAFETY " + SAFETY_S * 1000);
            arrival("the pool's first reading", e -> tp(e, "pool", ThinPoolEvent.Change.STATUS, 0), 120_000);

            // 1. Idle: quiet after the settle time, then nothing but the safety look.
            WatchedSchedule.Entry quiet = schedule.await("quiet", "pool", 0, 120_000);
            LabSubscriber.check(quiet != null, "the idle pool became quiet");
            int mark = schedule.log().indexOf(quiet) + 1;
            WatchedSchedule.Entry next = schedule.await("look", "pool", mark, (SAFETY_S + 60) * 1000L);
            LabSubscriber.check(next != null, "a safety look at the quiet pool");
            if (quiet != null && next != null) {
                List<WatchedSchedule.Entry> log = schedule.log();
                List<WatchedSchedule.Entry> idle = log.subList(mark, log.indexOf(next) + 1); // up to that look, in the order they came
                System.out.println("IDLE looks=" + count(idle, "look") + " readings=" + count(idle, "read") + " signals="
                        + count(idle, "written") + " after=" + (next.nanos() - quiet.nanos()) / 1_000_000);
            }

            // 2. A burst through the thin volume's device node.
            mark = schedule.mark();
            Map<Integer, Long> crossed = burst(dm, "pool", "/dev/mapper/thin0", 59);
            report("node", "pool", crossed);
            System.out.println("SIGNAL node " + count(schedule.since(mark), "written"));

            // 3. A file on ext4 on a thin volume of another pool.
            LabSubscriber.sh(ThinPoolTimingLab.anotherPool("fspool", "fsv", 524288) + """
                     \
                    && /sbin/mkfs.ext4 -q -E lazy_itable_init=0,lazy_journal_init=0 /dev/mapper/fsv \
                    && mkdir -p /tmp/fs && mount /dev/mapper/fsv /tmp/fs""");
            arrival("the filesystem pool's first reading", e -> tp(e, "fspool", ThinPoolEvent.Change.STATUS, 0), 120_000);
            LabSubscriber.check(schedule.await("quiet", "fspool", 0, 120_000) != null, "the filesystem's pool became quiet");
            long before = usedPermille(dm, "fspool");
            int mib = (int) ((920 - before) * 64 / 1000); // to 92 %: past 80, 85 and 90, short of full
            mark = schedule.mark();
            crossed = burst(dm, "fspool", "/tmp/fs/big", mib);
            report("fs", "fspool", crossed);
            System.out.println("SIGNAL fs " + count(schedule.since(mark), "written"));
            LabSubscriber.sh("umount /tmp/fs");
        }
        System.out.println("DONE");
        System.exit(LabSubscriber.exitCode());
    }

    private static long count(List<WatchedSchedule.Entry> entries, String what) {
        return entries.stream().filter(e -> e.what().equals(what)).count();
    }

    private static void report(String how, String pool, Map<Integer, Long> crossed) throws InterruptedException {
        LabSubscriber.check(crossed.keySet().equals(java.util.Set.of(80, 85, 90)), how + ": the fill crossed 80, 85 and 90: " + crossed.keySet());
        for (var c : crossed.entrySet()) {
            int th = c.getKey();
            long at = arrival(how + " DATA_THRESHOLD " + th, e -> tp(e, pool, ThinPoolEvent.Change.DATA_THRESHOLD, th), 60_000);
            latency(how + " data " + th, c.getValue(), at);
        }
    }
}
