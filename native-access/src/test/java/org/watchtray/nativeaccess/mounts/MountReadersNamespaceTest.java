package org.watchtray.nativeaccess.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.mounts.MountScenarioMain.Shell;

/**
 * The two table readers against real mounts in private namespaces. First, statmount's numbers
 * rendered as mountinfo text ({@code MountinfoFormat}) must equal what
 * mountinfo itself says, field by field, for every mount of a varied real table: odd paths, a
 * bind of a subdirectory, per-mount and superblock read-only, nosuid/nodev/noexec/noatime/
 * strictatime/nodiratime/nosymfollow, sync/dirsync/lazytime, shared/slave/unbindable, an empty
 * source and one with '#', and, through recursive binds, more than 1,200 mounts whose
 * mountinfo (about 400 KB) takes about a hundred read(2) calls. Second, the incremental
 * statmount reader against a stale fanotify hint.
 */
class MountReadersNamespaceTest {

    @BeforeAll
    static void namespaces() throws Exception {
        PrivateMountNamespace.assumeNamespacesWork();
    }

    @Test
    void statmountAndMountinfoSeeTheSameTable() throws Exception {
        MountFeatures.assumeStatmount();
        Path dir = PrivateMountNamespace.tempDir("wt-readers-");
        try {
            String b = dir.toString();
            String longName = "n".repeat(150);
            List<String> setup = new ArrayList<>(List.of(
                    "set -e",
                    "cd " + q(b),
                    "mkdir " + q("sp ace") + " " + q("t\tab") + " " + q("new\nline") + " " + q("back\\slash") + " ro strict opts shared slave unbind bindsub tree copies",
                    "mount -t tmpfs -o size=1m,mode=750 " + q("src #1") + " " + q("sp ace"),
                    "mount -t tmpfs " + q("") + " " + q("t\tab"),
                    "mount -t tmpfs -o ro,nosuid,nodev,noexec,noatime none " + q("new\nline"),
                    "mount -t tmpfs -o strictatime,nodiratime x strict",
                    "mount -t tmpfs -o sync,dirsync,lazytime y opts",
                    "mkdir " + q("sp ace/sub dir"),
                    "mount --bind " + q("sp ace/sub dir") + " bindsub",
                    "mount -o remount,bind,ro,nosymfollow bindsub",
                    "mount -t tmpfs z ro && mount -o remount,ro ro",
                    "mount -t tmpfs s shared && mount --make-shared shared",
                    "mount --bind shared slave && mount --make-slave slave",
                    "mount --bind shared unbind && mount --make-unbindable unbind",
                    "mount -t tmpfs back " + q("back\\slash"),
                    // a tree of 40 mounts with long names, bound 30 times: more than 1,200 mounts
                    "mount -t tmpfs tree tree",
                    "for i in $(seq 1 40); do mkdir tree/" + longName + "$i && mount -t tmpfs t$i tree/" + longName + "$i; done",
                    "for i in $(seq 1 30); do mkdir copies/c$i && mount --rbind tree copies/c$i; done"));
            String out = PrivateMountNamespace.runOnce(String.join("\n", setup), MountReadersMain.class);

            JsonNode r = new ObjectMapper().readTree(out);
            assertEquals(0, r.path("unsupported").asLong(), "this kernel's statmount has every field we need");
            assertEquals("[]", r.path("problems").asText());
            JsonNode viaStatmount = r.path("statmount");
            JsonNode viaMountinfo = r.path("mountinfo");
            assertTrue(viaMountinfo.size() > 1200, "mounts: " + viaMountinfo.size());
            List<String> differences = new ArrayList<>();
            viaMountinfo.fieldNames().forEachRemaining(id -> {
                if (!viaMountinfo.get(id).equals(viaStatmount.get(id))) {
                    differences.add("mountinfo " + viaMountinfo.get(id) + "\nstatmount " + viaStatmount.get(id));
                }
            });
            viaStatmount.fieldNames().forEachRemaining(id -> {
                if (!viaMountinfo.has(id)) {
                    differences.add("only statmount " + viaStatmount.get(id));
                }
            });
            assertEquals(List.of(), differences);

            JsonNode slave = find(viaMountinfo, b + "/slave");
            assertEquals("[\"master:" + find(viaMountinfo, b + "/shared").path("optionalFields").get(0).asText().substring(7) + "\"]",
                    slave.path("optionalFields").toString());
            assertEquals("", find(viaMountinfo, b + "/t\tab").path("source").asText());
            assertEquals("/sub dir", find(viaMountinfo, b + "/bindsub").path("root").asText());
        } finally {
            PrivateMountNamespace.deleteTree(dir);
        }
    }

    /**
     * A fanotify event can arrive after the wakeup its change caused was handled, and then rides
     * along with the next one. Such a stale hint names a mount that has not changed; it must not
     * make the reader think the wakeup is explained and skip the look that finds a move under the
     * same parent (which no number shows).
     */
    @Test
    void aStaleFanotifyHintDoesNotHideAMoveUnderTheSameParent() throws Exception {
        MountFeatures.assumeStatmount();
        Path dir = PrivateMountNamespace.tempDir("wt-stale-");
        try {
            String from = Files.createDirectories(dir.resolve("from here")).toString();
            String to = Files.createDirectories(dir.resolve("to there")).toString();
            String out = PrivateMountNamespace.runOnce("mount -t tmpfs stale " + Shell.quote(from), StaleHintMain.class, from, to);
            assertEquals("MOVED " + to + "\n", out);
        } finally {
            PrivateMountNamespace.deleteTree(dir);
        }
    }

    private static JsonNode find(JsonNode byId, String mountPoint) {
        for (JsonNode e : byId) {
            if (e.path("mountPoint").asText().equals(mountPoint)) {
                return e;
            }
        }
        throw new AssertionError("no mount at " + mountPoint);
    }

    private static String q(String s) {
        return Shell.quote(s);
    }
}
