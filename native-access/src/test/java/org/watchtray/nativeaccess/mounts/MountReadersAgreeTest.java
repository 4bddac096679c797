package org.watchtray.nativeaccess.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.mounts.MountScenarioMain.Shell;

/**
 * statmount's numbers rendered as mountinfo text ({@code MountinfoFormat}) must equal what
 * mountinfo itself says, field by field, for every mount of a varied real table: odd paths, a
 * bind of a subdirectory, per-mount and superblock read-only, nosuid/nodev/noexec/noatime/
 * strictatime/nodiratime/nosymfollow, sync/dirsync/lazytime, shared/slave/unbindable, an empty
 * source and one with '#', and, through recursive binds, more than 1,200 mounts whose
 * mountinfo (about 400 KB) takes about a hundred read(2) calls.
 */
class MountReadersAgreeTest {

    @BeforeAll
    static void namespaces() throws Exception {
        PrivateMountNamespace.assumeNamespacesWork();
    }

    @Test
    void statmountAndMountinfoSeeTheSameTable() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "wt-readers-");
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
                    "for i in $(seq 1 30); do mkdir copies/c$i && mount --rbind tree copies/c$i; done",
                    "exec " + String.join(" ", PrivateMountNamespace.javaCommand(MountReadersMain.class).stream().map(Shell::quote).toList())));
            Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "bash", "-c", String.join("\n", setup)).start();
            String err;
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), err);

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
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
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
