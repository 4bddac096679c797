package org.watchtray.packaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run by DebPackageIT with the installed runtime and jars: opens an SQLite database and starts
 * JavaFX (headless, software pipeline), then prints the path of every JavaFX and SQLite native
 * library the process mapped, one per line, so the test can see where they were loaded from.
 */
public final class NativeLibraryProbe {
    private NativeLibraryProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            db.createStatement().execute("create table t(x); insert into t values (1)");
        }
        // Reflection: this module does not read javafx.graphics, and the probe must not need it to compile.
        Class<?> platform = Class.forName("javafx.application.Platform");
        CountDownLatch started = new CountDownLatch(1);
        platform.getMethod("startup", Runnable.class).invoke(null, (Runnable) started::countDown);
        if (!started.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("JavaFX did not start within 60 s");
        }
        Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.contains("/") && line.endsWith(".so"))
                .map(line -> line.substring(line.indexOf('/')))
                .filter(path -> path.contains("sqlitejdbc") || path.contains("prism") || path.contains("glass") || path.contains("javafx"))
                .distinct()
                .forEach(System.out::println);
        platform.getMethod("exit").invoke(null);
        System.exit(0);
    }
}
