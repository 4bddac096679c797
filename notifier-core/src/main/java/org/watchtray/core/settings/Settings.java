package org.watchtray.core.settings;

import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.hooks.HookSpec;

/**
 * One user's settings. Immutable; a change produces a new instance ({@code with…}). The JSON
 * store (in the app) keeps fields it does not know in {@code unknown} so a newer version's
 * settings survive a round trip through an older one.
 */
public record Settings(int version,
                       Map<SourceId, SourceRules> sources,
                       Severity minToastSeverity,
                       Keys keys,
                       Kerberos kerberos,
                       ThinPool thinPool,
                       Mounts mounts,
                       Usb usb,
                       QuietHours quietHours,
                       History history,
                       boolean autostart,
                       Journal journal,
                       List<HookSpec> hooks,
                       Appearance appearance,
                       Timeline timeline,
                       Map<String, Object> unknown) {

    public static final int CURRENT_VERSION = 2;

    public Settings {
        EnumMap<SourceId, SourceRules> all = new EnumMap<>(SourceId.class);
        for (SourceId id : SourceId.values()) {
            all.put(id, SourceRules.DEFAULT);
        }
        if (sources != null) {
            all.putAll(sources);
        }
        sources = Map.copyOf(all);
        journal = journal == null ? Journal.DEFAULT : journal;
        hooks = hooks == null ? List.of() : hooks.stream().sorted(java.util.Comparator.comparing(HookSpec::name)).toList();
        appearance = appearance == null ? Appearance.DEFAULT : appearance;
        timeline = timeline == null ? Timeline.DEFAULT : timeline;
        unknown = unknown == null ? Map.of() : Map.copyOf(unknown);
    }

    public static Settings defaults() {
        return new Settings(CURRENT_VERSION, Map.of(), Severity.WARNING,
                Keys.DEFAULT, Kerberos.DEFAULT, ThinPool.DEFAULT, Mounts.DEFAULT, Usb.DEFAULT,
                QuietHours.OFF, History.DEFAULT, false, Journal.DEFAULT, List.of(), Appearance.DEFAULT, Timeline.DEFAULT, Map.of());
    }

    public SourceRules rules(SourceId id) {
        return sources.get(id);
    }

    /** Per-source switches: whether events are toasted and whether they reach the timeline. */
    public record SourceRules(boolean toasts, boolean timeline) {
        public static final SourceRules DEFAULT = new SourceRules(true, true);
    }

    /**
     * @param watchKeyrings extra keyrings to watch (key serials or "@s"-style specials) besides session, user, persistent
     * @param expiryWarning how long before a key's timeout "expires soon" is raised
     * @param pollInterval  the /proc/keys re-read interval when the kernel queue is missing
     * @param subtypes      key notification subtypes to deliver (pushed into the kernel filter); empty = all
     */
    public record Keys(List<String> watchKeyrings, Duration expiryWarning, Duration pollInterval, List<String> subtypes) {
        public static final Keys DEFAULT = new Keys(List.of(), Duration.ofMinutes(5), Duration.ofSeconds(60), List.of());

        public Keys {
            watchKeyrings = List.copyOf(watchKeyrings);
            subtypes = List.copyOf(subtypes);
        }
    }

    /**
     * Warning lead times (longest first), optional automatic renewal at half the lifetime, and
     * ccache collections to read besides the default one (a collection cursor only walks the
     * default name's collection), e.g. "KEYRING:persistent:1000" or "KCM:".
     */
    public record Kerberos(List<Duration> leadTimes, boolean autoRenew, List<String> extraCollections) {
        public static final Kerberos DEFAULT = new Kerberos(
                List.of(Duration.ofMinutes(60), Duration.ofMinutes(15), Duration.ofMinutes(5)), false, List.of());

        public Kerberos {
            leadTimes = leadTimes.stream().sorted(java.util.Comparator.reverseOrder()).toList();
            extraCollections = extraCollections == null ? List.of() : List.copyOf(extraCollections);
        }

        public Kerberos(List<Duration> leadTimes, boolean autoRenew) {
            this(leadTimes, autoRenew, List.of());
        }
    }

    /** Usage thresholds in percent, ascending, for data and metadata separately. */
    public record ThinPool(List<Integer> dataThresholds, List<Integer> metadataThresholds) {
        public static final ThinPool DEFAULT = new ThinPool(List.of(80, 85, 90, 95), List.of(80, 85, 90, 95));

        public ThinPool {
            dataThresholds = dataThresholds.stream().sorted().toList();
            metadataThresholds = metadataThresholds.stream().sorted().toList();
        }
    }

    /**
     * Glob patterns on mount points and filesystem types whose changes are noise, and how a
     * burst is coalesced: within a burst (changes less than {@code burstWindow} apart) the first
     * {@code burstLimit} changes are shown one by one and the rest as one summary.
     */
    public record Mounts(List<String> ignoreMountPoints, List<String> ignoreFsTypes, int burstLimit, Duration burstWindow) {
        public static final int DEFAULT_BURST_LIMIT = 3;
        public static final Duration DEFAULT_BURST_WINDOW = Duration.ofSeconds(1);

        public static final Mounts DEFAULT = new Mounts(
                List.of("/proc/**", "/sys/**", "/dev/**", "/run/user/*/doc", "/run/user/*/gvfs", "/snap/**",
                        "/var/lib/docker/**", "/var/lib/containers/**", "/run/containerd/**", "/run/netns/**",
                        "/run/docker/**", "/var/snap/**", "/run/credentials/**", "/var/lib/kubelet/**",
                        "/tmp/.mount_*"),
                List.of("proc", "sysfs", "cgroup", "cgroup2", "tracefs", "debugfs", "securityfs", "pstore",
                        "bpf", "configfs", "fusectl", "mqueue", "hugetlbfs", "devpts", "autofs", "binfmt_misc",
                        "efivarfs", "nsfs", "overlay", "squashfs", "rpc_pipefs", "selinuxfs"),
                DEFAULT_BURST_LIMIT, DEFAULT_BURST_WINDOW);

        public Mounts {
            ignoreMountPoints = List.copyOf(ignoreMountPoints);
            ignoreFsTypes = List.copyOf(ignoreFsTypes);
            if (burstLimit < 0) {
                throw new IllegalArgumentException("burstLimit < 0");
            }
            if (burstWindow.isNegative() || burstWindow.isZero()) {
                throw new IllegalArgumentException("burstWindow must be positive");
            }
        }

        /** The noise rules with the default burst coalescing. */
        public Mounts(List<String> ignoreMountPoints, List<String> ignoreFsTypes) {
            this(ignoreMountPoints, ignoreFsTypes, DEFAULT_BURST_LIMIT, DEFAULT_BURST_WINDOW);
        }
    }

    /** How long a USB burst may last and still become one event. */
    public record Usb(Duration burstWindow) {
        public static final Usb DEFAULT = new Usb(Duration.ofSeconds(2));
    }

    /** No toasts between {@code start} and {@code end} (may wrap past midnight); the timeline still fills. */
    public record QuietHours(boolean enabled, LocalTime start, LocalTime end) {
        public static final QuietHours OFF = new QuietHours(false, LocalTime.of(22, 0), LocalTime.of(7, 0));

        public boolean covers(LocalTime t) {
            if (!enabled) {
                return false;
            }
            return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
        }
    }

    /** Whether this user's events (keys, Kerberos, mounts, watchtray's own) also go to the systemd journal. */
    public record Journal(boolean enabled) {
        public static final Journal DEFAULT = new Journal(true);
    }

    /**
     * History retention by age, by count and by the file's size (docs/history.md): a year, a
     * million events, 512 MB by default: a year of a busy workstation fits, and the file stays
     * small next to what a desktop keeps elsewhere.
     */
    public record History(Duration maxAge, int maxEvents, int maxMegabytes) {
        private static final int DEFAULT_MEGABYTES = 512;
        public static final History DEFAULT = new History(Duration.ofDays(365), 1_000_000, DEFAULT_MEGABYTES);

        /** Age and count; the default size. */
        public History(Duration maxAge, int maxEvents) {
            this(maxAge, maxEvents, DEFAULT_MEGABYTES);
        }

        public long maxBytes() {
            return maxMegabytes * 1024L * 1024L;
        }
    }

    /** How watchtray's windows and its tray icon look. */
    public record Appearance(ColorScheme colorScheme, TrayIcon trayIcon) {
        public static final Appearance DEFAULT = new Appearance(ColorScheme.SYSTEM, TrayIcon.COLOR);

        public Appearance {
            java.util.Objects.requireNonNull(colorScheme);
            java.util.Objects.requireNonNull(trayIcon);
        }

        public Appearance withColorScheme(ColorScheme c) {
            return new Appearance(c, trayIcon);
        }

        public Appearance withTrayIcon(TrayIcon t) {
            return new Appearance(colorScheme, t);
        }
    }

    /** How the timeline window shows the history (the user's last choice there). */
    public record Timeline(Grouping grouping) {
        public static final Timeline DEFAULT = new Timeline(Grouping.NONE);

        public Timeline {
            java.util.Objects.requireNonNull(grouping);
        }
    }

    /**
     * The tray icon in full colour (legible on any panel), or its one-colour symbolic variant
     * drawn in the ink of the desktop's scheme (dark on light panels, light on dark ones).
     */
    public enum TrayIcon {
        COLOR, SYMBOLIC;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static TrayIcon parse(String wire) {
            for (TrayIcon t : values()) {
                if (t.wireName().equals(wire)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown tray icon style: " + wire);
        }
    }

    /** Follow the desktop's light/dark preference, or always use one scheme. */
    public enum ColorScheme {
        SYSTEM, LIGHT, DARK;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The scheme for a wire name ("system", "light", "dark"). */
        public static ColorScheme parse(String wire) {
            for (ColorScheme c : values()) {
                if (c.wireName().equals(wire)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown colour scheme: " + wire);
        }
    }
}
