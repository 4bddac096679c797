package org.watchtray.core.mounts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.watchtray.core.mounts.MountEvent;
import org.watchtray.core.mounts.MountEvent.Burst;
import org.watchtray.core.mounts.MountEvent.Change;
import org.watchtray.core.event.Severity;
import org.watchtray.core.settings.Settings;

/**
 * Turns a burst of mount changes (a container starting, {@code mount -a}, a tree unmounted)
 * into a bounded set of events.
 *
 * <ul>
 *   <li>A <em>burst</em> is a run of changes each less than {@code window} after the previous
 *       one, cut after {@code maxHold} so a never-ending stream still reports.</li>
 *   <li>The first {@code limit} changes of a burst pass at once, so a single mount is reported
 *       without delay. Later ones are held and, when the burst ends, reported as one
 *       {@link Change#BURST} summary (counts, the deepest directory they share, examples).</li>
 *   <li>A burst cut by {@code maxHold} while changes keep coming continues held: a stream
 *       yields one summary per {@code maxHold}, never more than {@code limit} single events.</li>
 *   <li>Changes of severity WARNING or above (remounted read-only, network mount lost) are
 *       never held or counted: they pass at once, one by one.</li>
 * </ul>
 *
 * Pure and single-threaded: the caller passes the time and arms a timer for {@link #deadline()}.
 */
public final class MountBurstCoalescer {
    private static final int EXAMPLES = 5;

    private final int limit;
    private final Duration window;
    private final Duration maxHold;

    private Instant burstStart;
    private Instant lastChange;
    private int passed;
    private final List<MountEvent> held = new ArrayList<>();

    public MountBurstCoalescer(int limit, Duration window, Duration maxHold) {
        if (limit < 0 || window.isNegative() || window.isZero() || maxHold.compareTo(window) < 0) {
            throw new IllegalArgumentException("need limit >= 0 and 0 < window <= maxHold");
        }
        this.limit = limit;
        this.window = window;
        this.maxHold = maxHold;
    }

    /** The user's settings; a burst is cut after ten windows. */
    public static MountBurstCoalescer from(Settings.Mounts settings) {
        return new MountBurstCoalescer(settings.burstLimit(), settings.burstWindow(), settings.burstWindow().multipliedBy(10));
    }

    /** Takes the changes of one reading of the mount table and returns those to report now. */
    public List<MountEvent> offer(List<MountEvent> events, Instant now) {
        List<MountEvent> out = new ArrayList<>(expire(now));
        for (MountEvent e : events) {
            if (e.severity().atLeast(Severity.WARNING)) {
                out.add(e);
                continue;
            }
            if (burstStart == null || !now.isBefore(lastChange.plus(window))) {
                burstStart = now;
                passed = 0;
            }
            lastChange = now;
            if (passed < limit) {
                passed++;
                out.add(e);
            } else {
                held.add(e);
            }
        }
        return out;
    }

    /** When {@link #expire} has a summary to give; empty while nothing is held. */
    public Optional<Instant> deadline() {
        if (held.isEmpty()) {
            return Optional.empty();
        }
        Instant quiet = lastChange.plus(window);
        Instant cut = burstStart.plus(maxHold);
        return Optional.of(quiet.isBefore(cut) ? quiet : cut);
    }

    /** The summary of the held changes if the burst is over (or too long) at {@code now}; else nothing. */
    public List<MountEvent> expire(Instant now) {
        Optional<Instant> due = deadline();
        if (due.isEmpty() || now.isBefore(due.get())) {
            return List.of();
        }
        MountEvent summary = summarise(now);
        held.clear();
        if (now.isBefore(lastChange.plus(window))) {
            // Cut by maxHold while changes keep coming: the next window starts already full.
            burstStart = now;
            passed = limit;
        } else {
            burstStart = null;
            passed = 0;
        }
        return List.of(summary);
    }

    /** Ends the burst now (settings changed, source closing): the summary of whatever is held, if anything. */
    public List<MountEvent> flush(Instant now) {
        if (held.isEmpty()) {
            return List.of();
        }
        MountEvent summary = summarise(now);
        held.clear();
        burstStart = null;
        passed = 0;
        return List.of(summary);
    }

    private MountEvent summarise(Instant now) {
        int mounted = 0;
        int unmounted = 0;
        int other = 0;
        String common = null;
        String fsType = held.getFirst().fsType();
        List<String> examples = new ArrayList<>(EXAMPLES);
        for (MountEvent e : held) {
            switch (e.change()) {
                case MOUNTED -> mounted++;
                case UNMOUNTED, NETWORK_MOUNT_LOST -> unmounted++;
                case MOVED, OPTIONS_CHANGED, REMOUNTED_READ_ONLY, REMOUNTED_READ_WRITE, BURST -> other++;
            }
            common = common == null ? parentOf(e.mountPoint()) : commonDirectory(common, e.mountPoint());
            if (fsType != null && !fsType.equals(e.fsType())) {
                fsType = null;
            }
            if (examples.size() < EXAMPLES) {
                examples.add(e.mountPoint());
            }
        }
        Burst burst = new Burst(burstStart, mounted, unmounted, other, examples);
        return new MountEvent(now, Change.BURST, 0, common, null, fsType, null, null, null, burst);
    }

    /** The directory holding a mount point ({@code /} for top-level ones). */
    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** The deepest directory that is {@code dir} or one of its ancestors and also contains {@code path}. */
    static String commonDirectory(String dir, String path) {
        String d = dir;
        while (!d.equals("/")) {
            if (path.startsWith(d) && (path.length() == d.length() || path.charAt(d.length()) == '/')) {
                return d;
            }
            d = parentOf(d);
        }
        return "/";
    }
}
