package org.watchtray.packaging;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The JDK modules the jlinked runtime needs: those jdeps finds referenced from the jars, those
 * the jars' module descriptors require (on the module path every one of them must be there,
 * used or not: sqlite-jdbc requires java.sql.rowset), plus a few that code reaches only through
 * reflection, service loading or the user's locale.
 */
final class RuntimeModules {
    /** Always included: sun.misc.Unsafe users, non-UTF-8 charsets, zip file systems, locale data. */
    static final List<String> ALWAYS = List.of("jdk.unsupported", "jdk.charsets", "jdk.zipfs", "jdk.localedata");

    /**
     * Locales whose date and number formats the runtime keeps (jlink --include-locales); the
     * rest fall back to the root locale. All of jdk.localedata would add 26 MB to the install.
     */
    static final String LOCALES = "en,de,fr,es,it,pt,nl,sv,da,nb,fi,pl,cs,sk,hu,ro,ru,uk,tr,el,ja,zh,ko";

    private RuntimeModules() {
    }

    /** Asks jdeps which modules the given jars (all in {@code jarDir}) use. */
    static List<String> find(Path jdkHome, Path jarDir, List<String> jars, Path log) throws PackagingException {
        List<String> argv = new ArrayList<>(List.of(
                jdkHome.resolve("bin/jdeps").toString(), "--print-module-deps", "--ignore-missing-deps",
                "--multi-release", Integer.toString(Runtime.version().feature()),
                "--class-path", jarDir + "/*"));
        jars.forEach(jar -> argv.add(jarDir.resolve(jar).toString()));
        String output = Command.run(argv, log, Duration.ofMinutes(5));
        String last = output.lines().filter(line -> !line.isBlank() && !line.startsWith("Warning:")).reduce((a, b) -> b)
                .orElseThrow(() -> new PackagingException("jdeps printed no module list; see " + log));
        TreeSet<String> modules = new TreeSet<>(List.of(last.strip().split(",")));
        if (!modules.contains("java.base")) {
            throw new PackagingException("jdeps output is not a module list: " + last + "; see " + log);
        }
        modules.addAll(required(jars.stream().map(jarDir::resolve).toList()));
        modules.addAll(ALWAYS);
        return List.copyOf(modules);
    }

    /** The JDK modules that the modules in these jars require, other than {@code requires static}. */
    static TreeSet<String> required(List<Path> jars) {
        ModuleFinder jdk = ModuleFinder.ofSystem();
        TreeSet<String> required = new TreeSet<>();
        for (ModuleReference module : ModuleFinder.of(jars.toArray(Path[]::new)).findAll()) {
            for (ModuleDescriptor.Requires r : module.descriptor().requires()) {
                if (!r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC) && jdk.find(r.name()).isPresent()) {
                    required.add(r.name());
                }
            }
        }
        return required;
    }
}
