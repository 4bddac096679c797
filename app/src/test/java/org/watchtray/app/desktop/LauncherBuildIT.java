package org.watchtray.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's first command on a fresh machine: {@code bin/watchtray} in a checkout it never built,
 * with a Maven repository that holds every library but no watchtray jar (none is ever installed
 * there: the tests run with {@code mvn verify}). The launcher builds with the tests skipped, so no
 * test jar exists; a module that names another's test jar must not make Maven look for it in the
 * repository. The checkout is a copy of the sources without {@code .git}, as from a tarball.
 */
class LauncherBuildIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final long TIMEOUT_MINUTES = 8;

    @TempDir
    Path tmp;

    @Test
    void theLauncherBuildsAFreshCheckoutWithoutWatchtrayJarsInTheMavenRepository() throws Exception {
        Path checkout = copyOfTheSources(tmp.resolve("checkout"));
        Path repository = repositoryWithoutWatchtray(Path.of(System.getProperty("watchtray.maven.repo",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString())), tmp.resolve("m2"));

        ProcessBuilder pb = new ProcessBuilder(checkout.resolve("bin/watchtray").toString(), "--version");
        pb.environment().keySet().removeIf(k -> k.startsWith("WATCHTRAY_") || k.equals("DISPLAY") || k.equals("WAYLAND_DISPLAY"));
        pb.environment().put("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow -Dmaven.repo.local=" + repository);
        pb.environment().put("XDG_STATE_HOME", tmp.resolve("state").toString());
        pb.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        Path out = tmp.resolve("launcher.out");
        Path err = tmp.resolve("launcher.err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process launcher = pb.start();
        try {
            if (!launcher.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly().waitFor();
            }
        } finally {
            unlinkGroups(repository); // the links, not what they point at (and no warning from @TempDir)
        }
        String said = Files.readString(err) + "\n-- build log:\n" + tail(checkout.resolve("target/watchtray-build.log"));
        assertEquals(0, launcher.exitValue(), "bin/watchtray builds and runs; it said:\n" + said);
        assertTrue(Files.readString(err).contains("watchtray: built in "), said);
        assertTrue(Files.readString(out).startsWith("watchtray 0.1.0-SNAPSHOT"), "the version: " + Files.readString(out));
    }

    /** The checkout's files (tracked, or new and not ignored), as a source tarball would hold them. */
    private static Path copyOfTheSources(Path into) throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "-C", ROOT.toString(), "ls-files", "-z", "-co", "--exclude-standard")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, git.waitFor(), "git lists the checkout's files");
        for (String name : listing.split("\0")) {
            Path from = ROOT.resolve(name);
            if (name.isEmpty() || !Files.isRegularFile(from)) {
                continue; // a file deleted in the work tree but not yet in git
            }
            Path to = into.resolve(name);
            Files.createDirectories(to.getParent());
            Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        return into;
    }

    /** A repository of links to {@code real}'s groups, all but {@code org/watchtray}. */
    private static Path repositoryWithoutWatchtray(Path real, Path farm) throws IOException {
        Files.createDirectories(farm.resolve("org"));
        for (Path group : list(real)) {
            if (!group.getFileName().toString().equals("org")) {
                Files.createSymbolicLink(farm.resolve(group.getFileName().toString()), group);
            }
        }
        for (Path group : list(real.resolve("org"))) {
            if (!group.getFileName().toString().equals("watchtray")) {
                Files.createSymbolicLink(farm.resolve("org").resolve(group.getFileName().toString()), group);
            }
        }
        return farm;
    }

    private static void unlinkGroups(Path farm) throws IOException {
        for (Path dir : List.of(farm, farm.resolve("org"))) {
            for (Path entry : list(dir)) {
                if (Files.isSymbolicLink(entry)) {
                    Files.delete(entry);
                }
            }
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return new ArrayList<>(entries.toList());
        }
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(none)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
