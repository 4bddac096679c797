package org.watchtray.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.attribute.ModuleAttribute;
import java.lang.classfile.attribute.ModuleRequireInfo;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dependency rules of ARCHITECTURE.md §3, checked on compiled classes: which packages a
 * module's classes may reference and which modules its {@code module-info} may require.
 * A class's references are every class named in its constant pool: class entries and every
 * type inside descriptors and generic signatures.
 */
record ModuleRules(String directory, String moduleName, Set<String> allowedWatchtrayPackages,
                   List<String> forbiddenPackagePrefixes, Set<String> allowedWatchtrayModules, Set<String> forbiddenModules) {

    private static final List<String> UI_AND_FOREIGN = List.of("javafx/", "java/awt/", "javax/swing/", "java/lang/foreign/");
    private static final List<String> UI = List.of("javafx/", "java/awt/", "javax/swing/");
    private static final List<String> FOREIGN = List.of("java/lang/foreign/");

    static final String CORE = "org/watchtray/core/";
    static final String NATIVE = "org/watchtray/nativeaccess/";
    static final String AGENT = "org/watchtray/agent/";
    static final String APP = "org/watchtray/app/";
    static final String ICONS = "org/watchtray/icons/";
    static final String PACKAGING = "org/watchtray/packaging/";

    /** app → native-access → notifier-core; agent → native-access; icons and packaging beside. */
    static List<ModuleRules> watchtray() {
        return List.of(
                new ModuleRules("notifier-core", "org.watchtray.core", Set.of(CORE), UI_AND_FOREIGN,
                        Set.of(), Set.of("java.desktop")),
                new ModuleRules("native-access", "org.watchtray.nativeaccess", Set.of(CORE, NATIVE), UI,
                        Set.of("org.watchtray.core"), Set.of("java.desktop")),
                new ModuleRules("agent", "org.watchtray.agent", Set.of(CORE, NATIVE, AGENT), UI_AND_FOREIGN,
                        Set.of("org.watchtray.core", "org.watchtray.nativeaccess"), Set.of("java.desktop")),
                new ModuleRules("app", "org.watchtray.app", Set.of(CORE, NATIVE, APP, ICONS), FOREIGN,
                        Set.of("org.watchtray.core", "org.watchtray.nativeaccess", "org.watchtray.icons"), Set.of()),
                new ModuleRules("icons", "org.watchtray.icons", Set.of(ICONS), List.of(),
                        Set.of(), Set.of()),
                new ModuleRules("packaging", "org.watchtray.packaging", Set.of(CORE, NATIVE, AGENT, APP, ICONS, PACKAGING), FOREIGN,
                        Set.of("org.watchtray.core", "org.watchtray.nativeaccess", "org.watchtray.agent", "org.watchtray.app",
                                "org.watchtray.icons"), Set.of()));
    }

    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([A-Za-z0-9_$/]+)[;<]");

    /** Every violation in a module's compiled classes directory. */
    List<String> check(Path classes) {
        List<byte[]> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(".class"))::iterator) {
                files.add(Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return check(files);
    }

    List<String> check(List<byte[]> classFiles) {
        List<String> violations = new ArrayList<>();
        for (byte[] bytes : classFiles) {
            ClassModel model = ClassFile.of().parse(bytes);
            String self = model.thisClass().asInternalName();
            if (self.equals("module-info")) {
                violations.addAll(checkModuleInfo(model));
                continue;
            }
            for (String referenced : references(model)) {
                String why = forbidden(referenced);
                if (why != null) {
                    violations.add(directory + ": " + self.replace('/', '.') + " references " + referenced.replace('/', '.') + " (" + why + ")");
                }
            }
        }
        return violations;
    }

    private String forbidden(String internalName) {
        for (String prefix : forbiddenPackagePrefixes) {
            if (internalName.startsWith(prefix)) {
                return directory + " must not use " + prefix.replace('/', '.') + "*";
            }
        }
        if (!directory.equals("native-access") && internalName.startsWith(NATIVE) && internalName.indexOf('/', NATIVE.length()) >= 0) {
            return "native-access's bindings are reached only through its factory, org.watchtray.nativeaccess.NativeAccess";
        }
        if (internalName.startsWith("org/watchtray/")
                && allowedWatchtrayPackages.stream().noneMatch(internalName::startsWith)) {
            return "against the dependency direction app → native-access → notifier-core, agent → native-access";
        }
        return null;
    }

    private List<String> checkModuleInfo(ClassModel model) {
        List<String> violations = new ArrayList<>();
        ModuleAttribute module = model.findAttribute(Attributes.module()).orElse(null);
        if (module == null) {
            return List.of(directory + ": module-info.class has no Module attribute");
        }
        String name = module.moduleName().name().stringValue();
        if (!name.equals(moduleName)) {
            violations.add(directory + ": module is named " + name + ", expected " + moduleName);
        }
        for (ModuleRequireInfo require : module.requires()) {
            String required = require.requires().name().stringValue();
            boolean ours = required.startsWith("org.watchtray.");
            boolean uiOrForbidden = forbiddenModules.contains(required)
                    || forbiddenPackagePrefixes.contains("javafx/") && required.startsWith("javafx.");
            if (ours && !allowedWatchtrayModules.contains(required) || uiOrForbidden) {
                violations.add(directory + ": module-info requires " + required + " (not allowed for " + moduleName + ")");
            }
        }
        return violations;
    }

    /** Internal names of every class the class file refers to. */
    static Set<String> references(ClassModel model) {
        Set<String> names = new TreeSet<>();
        for (PoolEntry entry : model.constantPool()) {
            switch (entry) {
                case ClassEntry c -> {
                    String n = c.asInternalName();
                    if (n.startsWith("[")) {
                        addDescriptorTypes(n, names);
                    } else {
                        names.add(n);
                    }
                }
                case Utf8Entry u -> addDescriptorTypes(u.stringValue(), names);
                default -> {
                }
            }
        }
        return names;
    }

    private static void addDescriptorTypes(String text, Set<String> names) {
        if (text.indexOf('L') < 0 || text.indexOf('/') < 0) {
            return;
        }
        Matcher m = TYPE_IN_DESCRIPTOR.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
    }
}
