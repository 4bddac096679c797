package org.watchtray.nativeaccess.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.watchtray.core.mounts.MountSource;
import org.watchtray.nativeaccess.mounts.MountScenarioMain.Shell;

/**
 * {@link MountSource} against real mounts: a child JVM in a private mount namespace runs the
 * source on a real EventLoop while bash mounts a tmpfs at paths with a space, a tab, a
 * newline and a backslash, remounts it read-only and back, bind-mounts, remounts the bind
 * read-only, moves it (under the same parent, the case only a thorough look finds without
 * fanotify), changes a filesystem option, moves a tree within its parent and into another
 * mount, and unmounts. Every step must give
 * exactly the expected events with the real path. Run once per mechanism.
 */
class MountSourceNamespaceTest {

    @BeforeAll
    static void namespaces() throws Exception {
        PrivateMountNamespace.assumeNamespacesWork();
    }

    @ParameterizedTest
    @EnumSource(MountSource.Mechanisms.class)
    void everyChangeWithItsRealPath(MountSource.Mechanisms mechanisms) throws Exception {
        if (mechanisms != MountSource.Mechanisms.FULL_REREAD) {
            MountFeatures.assumeStatmount();
        }
        if (mechanisms == MountSource.Mechanisms.BEST || mechanisms == MountSource.Mechanisms.BEST_WITHOUT_MOUNTINFO_REMOUNTS) {
            MountFeatures.assumeFanotifyMountEvents();
        }
        try (PrivateMountNamespace ns = PrivateMountNamespace.start(mechanisms, 1000, 500)) {
            String expected = switch (mechanisms) {
                case BEST, BEST_WITHOUT_MOUNTINFO_REMOUNTS -> {
                    yield "ACTIVE mounts: fanotify mount events on the mount namespace + statmount"
                            + " (remounts: poll(POLLPRI) on /proc/self/mountinfo)";
                }
                case NO_FANOTIFY -> "ACTIVE mounts: poll(POLLPRI) on /proc/self/mountinfo + listmount/statmount"
                        + " \u2014 fanotify mount events turned off by the caller";
                case FULL_REREAD -> "DEGRADED mounts: poll(POLLPRI) on /proc/self/mountinfo + full re-read"
                        + " \u2014 listmount/statmount turned off by the caller";
            };
            assertEquals(expected, ns.state() + " " + ns.status());
            scenario(ns);
        }
    }

    private static void scenario(PrivateMountNamespace ns) throws Exception {
        Path base = ns.dir();
        String a = dir(base, "with space");
        String b = dir(base, "tab\there");
        String c = dir(base, "new\nline");
        String d = dir(base, "back\\slash");
        String e = dir(base, "all \t\n\\ of them");
        String f = dir(base, "moved tree");
        String proc = dir(base, "proc");

        JsonNode mounted = only(ns.step("mount -t tmpfs -o size=1m wt-src " + q(a)), "mounts.mounted", a);
        assertEquals("tmpfs", field(mounted, "fstype"));
        assertEquals("wt-src", field(mounted, "device"));
        assertEquals("rw,relatime,size=1024k", field(mounted, "options"));
        assertEquals("info", mounted.path("severity").asText());

        JsonNode ro = only(ns.step("mount -o remount,ro " + q(a)), "mounts.remounted_ro", a);
        assertEquals("critical", ro.path("severity").asText());
        assertEquals("wt-src", field(ro, "device"));
        assertEquals("tmpfs", field(ro, "fstype"));
        assertEquals("ro,relatime,size=1024k", field(ro, "options"));
        assertEquals("rw,relatime,size=1024k", field(ro, "previous_options"));
        assertTrue(ro.path("summary").asText().endsWith("(tmpfs wt-src) was remounted read-only"), ro.toString());

        only(ns.step("mount -o remount,rw " + q(a)), "mounts.remounted_rw", a);

        JsonNode bind = only(ns.step("mount --bind " + q(a) + " " + q(b)), "mounts.mounted", b);
        assertEquals("wt-src", field(bind, "device"));

        JsonNode bindRo = only(ns.step("mount -o remount,bind,ro " + q(b)), "mounts.remounted_ro", b);
        assertEquals("ro,relatime,size=1024k", field(bindRo, "options"), "read-only through this mount only");

        JsonNode moved = only(ns.step("mount --move " + q(b) + " " + q(c)), "mounts.moved", c);
        assertEquals(b, field(moved, "previous_mount_point"));

        // One superblock behind both mounts: a filesystem option changes on both.
        List<JsonNode> options = ns.step("mount -o remount,size=2m " + q(a));
        assertEquals(Stream.of("mounts.options_changed " + a, "mounts.options_changed " + c).sorted().toList(), sorted(options));
        assertEquals("rw,relatime,size=2048k", field(options.stream().filter(o -> field(o, "mount_point").equals(a)).findFirst().orElseThrow(), "options"));

        assertEquals(c, field(only(ns.step("mount --move " + q(c) + " " + q(d)), "mounts.moved", d), "previous_mount_point"));

        JsonNode weird = only(ns.step("mount -t tmpfs " + q("src #1") + " " + q(e)), "mounts.mounted", e);
        assertEquals("src #1", field(weird, "device"));

        assertEquals(List.of(), ns.step("mount -t proc proc " + q(proc)), "proc is noise by default");

        only(ns.step("mkdir " + q(e + "/sub") + " && mount -t tmpfs inner " + q(e + "/sub")), "mounts.mounted", e + "/sub");
        JsonNode tree = only(ns.step("mount --move " + q(e) + " " + q(f)), "mounts.moved", f);
        assertEquals(e, field(tree, "previous_mount_point"), "the submount moved along and is not reported on its own");

        // Into another mount: the parent changes, and the submount again comes along unreported.
        String into = a + "/into";
        JsonNode across = only(ns.step("mkdir " + q(into) + " && mount --move " + q(f) + " " + q(into)), "mounts.moved", into);
        assertEquals(f, field(across, "previous_mount_point"));

        only(ns.step("umount " + q(d)), "mounts.unmounted", d);
        assertEquals(List.of("mounts.unmounted " + into + "/sub", "mounts.unmounted " + into),
                names(ns.step("umount -R " + q(into))), "deepest first, at the paths they were moved to");
        only(ns.step("umount " + q(a)), "mounts.unmounted", a);

        // A remount that arrives in the same wakeup as a mount must not hide behind it.
        String other = dir(base, "other");
        only(ns.step("mount -t tmpfs other " + q(other)), "mounts.mounted", other);
        List<JsonNode> both = ns.coalesced("mounts.remounted_ro",
                "mount -t tmpfs late " + q(a) + " && mount -o remount,ro " + q(other));
        assertEquals(Stream.of("mounts.mounted " + a, "mounts.remounted_ro " + other).sorted().toList(), sorted(both));

        // Several remounts in one wakeup (of a filesystem behind two mounts, of a bind, of another filesystem):
        // each mount's change is reported once, whichever way the source finds the mounts. The first remount
        // after a mount is found by a look at the IDs (with fanotify, mountinfo's lines then differ by a mount),
        // the next ones, with fanotify, by the lines of mountinfo that changed.
        String bound = dir(base, "bound");
        only(ns.step("mount --bind " + q(a) + " " + q(bound)), "mounts.mounted", bound);
        only(ns.step("mount -o remount,bind,ro " + q(bound)), "mounts.remounted_ro", bound);
        List<JsonNode> several = ns.coalesced("mounts.remounted_ro", "mount -o remount,rw " + q(other)
                + " && mount -o remount,bind,rw " + q(bound) + " && mount -o remount,ro " + q(a));
        assertEquals(Stream.of("mounts.remounted_rw " + other, "mounts.remounted_ro " + a, "mounts.options_changed " + bound)
                .sorted().toList(), sorted(several));
        JsonNode stillRo = several.stream().filter(o -> field(o, "mount_point").equals(bound)).findFirst().orElseThrow();
        assertEquals("ro,relatime", field(stillRo, "options"), "read-only through its filesystem now");
        assertEquals(Stream.of("mounts.remounted_rw " + a, "mounts.remounted_rw " + bound).sorted().toList(),
                sorted(ns.step("mount -o remount,rw " + q(a))));
    }

    /**
     * Twenty mounts arriving together become the first three (the burst limit) plus one
     * summary, while a remount read-only among them is reported on its own. The backend is held
     * while they are made, so they reach the source as one wakeup however loaded the machine is
     * (how bursts spread over time are cut is MountBurstCoalescerTest's job).
     */
    @Test
    void aBurstIsCoalescedButARemountReadOnlyIsNot() throws Exception {
        try (PrivateMountNamespace ns = PrivateMountNamespace.start(MountSource.Mechanisms.BEST, 3, 400)) {
            String pre = dir(ns.dir(), "pre");
            String burst = dir(ns.dir(), "burst");
            only(ns.step("mount -t tmpfs pre " + q(pre)), "mounts.mounted", pre);
            // The sleep puts the burst more than a window (400 ms) after "pre" and its barrier.
            String loop = "sleep 1 && for i in $(seq 1 20); do mkdir -p " + q(burst) + "/m$i && mount -t tmpfs b$i " + q(burst) + "/m$i"
                    + " && { [ $i != 10 ] || mount -o remount,ro " + q(pre) + "; }; done";
            List<JsonNode> events = ns.coalesced("mounts.burst", loop);
            List<String> names = names(events);
            assertEquals(3, names.stream().filter(n -> n.startsWith("mounts.mounted " + burst + "/m")).count(), names.toString());
            assertEquals(List.of("mounts.remounted_ro " + pre), names.stream().filter(n -> n.startsWith("mounts.remounted_ro")).toList());
            JsonNode summary = events.getLast();
            assertEquals("mounts.burst", summary.path("name").asText());
            assertEquals(burst, field(summary, "mount_point"));
            assertEquals(17, summary.path("details").path("burst_mounted").asInt());
            assertEquals("17 more mount changes under \u201c" + burst + "\u201d (17 mounted)", summary.path("summary").asText());
        }
    }

    /** Noise rules edited while the source runs apply from then on, and applying them reports nothing by itself. */
    @Test
    void editedNoiseRulesApplyLive() throws Exception {
        try (PrivateMountNamespace ns = PrivateMountNamespace.start(MountSource.Mechanisms.BEST, 1000, 500)) {
            String scratch = dir(ns.dir(), "scratch");
            String kept = dir(ns.dir(), "kept");
            only(ns.step("mount -t tmpfs s " + q(scratch)), "mounts.mounted", scratch);
            assertEquals(List.of(), ns.ignore(ns.dir() + "/scratch*"));
            assertEquals(List.of(), ns.step("mount -o remount,ro " + q(scratch)), "now noise");
            only(ns.step("mount -t tmpfs k " + q(kept)), "mounts.mounted", kept);
        }
    }

    /** Without CAP_SYS_ADMIN there are no fanotify mount events, and the status says so. */
    @Test
    void withoutCapSysAdminTheStatusSaysWhy() throws Exception {
        MountFeatures.assumeStatmount();
        MountFeatures.assumeFanotifyMountEvents();
        Path dir = PrivateMountNamespace.tempDir("wt-mounts-nocap-");
        try {
            List<String> cmd = new ArrayList<>(List.of("setpriv", "--bounding-set", "-sys_admin", "--inh-caps", "-sys_admin"));
            cmd.addAll(PrivateMountNamespace.javaCommand(MountScenarioMain.class));
            cmd.addAll(List.of("BEST", dir.toString(), "3", "500"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            JsonNode ready = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
            assertEquals("ACTIVE", ready.path("state").asText());
            assertEquals("mounts: poll(POLLPRI) on /proc/self/mountinfo + listmount/statmount"
                    + " \u2014 fanotify mount events need CAP_SYS_ADMIN (fanotify_mark: EPERM)", ready.path("status").asText());
        } finally {
            PrivateMountNamespace.deleteTree(dir);
        }
    }

    private static JsonNode only(List<JsonNode> events, String name, String mountPoint) {
        assertEquals(List.of(name + " " + mountPoint), names(events), () -> "events: " + events);
        return events.getFirst();
    }

    private static List<String> names(List<JsonNode> events) {
        return events.stream().map(n -> n.path("name").asText() + " " + field(n, "mount_point")).toList();
    }

    private static List<String> sorted(List<JsonNode> events) {
        return names(events).stream().sorted().collect(Collectors.toList());
    }

    private static String field(JsonNode event, String name) {
        return event.path("details").path(name).asText();
    }

    private static String dir(Path base, String name) throws Exception {
        return Files.createDirectories(base.resolve(name)).toString();
    }

    private static String q(String s) {
        return Shell.quote(s);
    }
}
