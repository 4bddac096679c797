package org.watchtray.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Moves the native libraries that JavaFX and sqlite-jdbc carry inside their jars out, next to
 * the jars, and drops those for other platforms. Both libraries look there first (JavaFX beside
 * its jar on the class path, sqlite-jdbc at {@code org.sqlite.lib.path}), so the packaged app
 * never unpacks them at run time (JavaFX into ~/.openjfx/cache, sqlite-jdbc into /tmp on every
 * start), and jpackage's dependency scan sees what they link against. sqlite-jdbc ships builds
 * for 20 platforms: leaving out the other 19 saves 10 MB.
 */
final class NativeLibraries {
    private static final String SQLITE_NATIVE = "org/sqlite/native/";

    /** The Java options that point sqlite-jdbc at its unpacked library ({@code $APPDIR} is the jpackage app directory). */
    static final List<String> SQLITE_JAVA_OPTIONS = List.of("-Dorg.sqlite.lib.path=$APPDIR", "-Dorg.sqlite.lib.name=libsqlitejdbc.so");

    private NativeLibraries() {
    }

    /** Rewrites the JavaFX and sqlite-jdbc jars in {@code dir}; returns the libraries now beside them. */
    static List<String> unpack(Path dir, String osArch) throws IOException, PackagingException {
        String sqliteLibrary = SQLITE_NATIVE + "Linux/" + sqliteArch(osArch) + "/libsqlitejdbc.so";
        List<String> unpacked = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                String name = jar.getFileName().toString();
                if (name.startsWith("javafx-")) {
                    unpacked.addAll(rewrite(jar, entry -> !entry.contains("/") && entry.endsWith(".so") ? Fate.UNPACK : Fate.KEEP));
                } else if (name.startsWith("sqlite-jdbc-")) {
                    List<String> found = rewrite(jar, entry -> entry.equals(sqliteLibrary) ? Fate.UNPACK
                            : entry.startsWith(SQLITE_NATIVE) ? Fate.DROP : Fate.KEEP);
                    if (found.isEmpty()) {
                        throw new PackagingException(name + " has no " + sqliteLibrary + " for this platform");
                    }
                    unpacked.addAll(found);
                }
            }
        }
        unpacked.sort(null);
        return unpacked;
    }

    private enum Fate { KEEP, UNPACK, DROP }

    private interface Sorter {
        Fate of(String entryName);
    }

    /** Copies the jar without its UNPACK and DROP entries, writing UNPACK ones beside it under their file name. */
    private static List<String> rewrite(Path jar, Sorter sorter) throws IOException {
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".tmp");
        List<String> unpacked = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             OutputStream file = Files.newOutputStream(rewritten);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                switch (sorter.of(entry.getName())) {
                    case KEEP -> copyEntry(entry, in, out);
                    case UNPACK -> {
                        String fileName = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                        Files.copy(in, jar.resolveSibling(fileName), StandardCopyOption.REPLACE_EXISTING);
                        unpacked.add(fileName);
                    }
                    case DROP -> { }
                }
            }
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
        return unpacked;
    }

    private static void copyEntry(ZipEntry entry, InputStream in, ZipOutputStream out) throws IOException {
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        in.transferTo(out);
        out.closeEntry();
    }

    /** sqlite-jdbc's directory name for a JVM {@code os.arch}. */
    static String sqliteArch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> osArch;
        };
    }
}
