package org.watchtray.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.classfile.ClassFile;
import java.lang.classfile.attribute.ModuleAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.constant.ModuleDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Enforces the module dependency direction on the compiled classes of every module
 * ({@code ../<module>/target/classes}, built earlier in the reactor), and proves the checker
 * can fail on synthetic violations.
 */
class ModuleBoundariesTest {

    @TestFactory
    Stream<DynamicTest> everyModuleKeepsToItsSideOfTheBoundaries() {
        return ModuleRules.watchtray().stream().map(rules -> DynamicTest.dynamicTest(rules.directory(), () -> {
            Path classes = Path.of("..", rules.directory(), "target", "classes");
            assertTrue(Files.isRegularFile(classes.resolve("module-info.class")),
                    classes.toAbsolutePath() + " has no compiled module-info: build with -am so the reactor compiles every module");
            assertEquals(List.of(), rules.check(classes));
        }));
    }

    private static ModuleRules rulesOf(String directory) {
        return ModuleRules.watchtray().stream().filter(r -> r.directory().equals(directory)).findFirst().orElseThrow();
    }

    /** A class whose one method returns {@code returnType} and calls {@code owner.m()}. */
    private static byte[] classUsing(String name, String returnType, String owner) {
        return ClassFile.of().build(ClassDesc.of(name), cb -> cb.withMethodBody("m",
                MethodTypeDesc.of(ClassDesc.of(returnType)), ClassFile.ACC_STATIC | ClassFile.ACC_PUBLIC, code -> code
                        .invokestatic(ClassDesc.of(owner), "m", MethodTypeDesc.of(ClassDesc.of(returnType)))
                        .areturn()));
    }

    private static byte[] moduleInfo(String name, String... requires) {
        return ClassFile.of().buildModule(ModuleAttribute.of(ModuleDesc.of(name), mb -> {
            mb.requires(ModuleDesc.of("java.base"), ClassFile.ACC_MANDATED, null);
            for (String r : requires) {
                mb.requires(ModuleDesc.of(r), 0, null);
            }
        }));
    }

    @Test
    void coreUsingJavaFxIsCaughtInADescriptor() {
        List<String> v = rulesOf("notifier-core").check(List.of(classUsing("org.watchtray.core.Bad", "javafx.scene.Node", "java.lang.Object")));
        assertEquals(List.of("notifier-core: org.watchtray.core.Bad references javafx.scene.Node (notifier-core must not use javafx.*)"), v);
    }

    @Test
    void coreUsingForeignMemoryOrAwtIsCaught() {
        List<String> v = rulesOf("notifier-core").check(List.of(
                classUsing("org.watchtray.core.Bad", "java.lang.Object", "java.lang.foreign.Arena"),
                classUsing("org.watchtray.core.Worse", "java.lang.Object", "java.awt.Toolkit")));
        assertEquals(2, v.size(), v.toString());
        assertTrue(v.get(0).contains("java.lang.foreign.Arena") && v.get(1).contains("java.awt.Toolkit"), v.toString());
    }

    @Test
    void theAgentUsingForeignMemoryIsCaught() {
        List<String> v = rulesOf("agent").check(List.of(classUsing("org.watchtray.agent.Bad", "java.lang.Object", "java.lang.foreign.Arena")));
        assertEquals(List.of("agent: org.watchtray.agent.Bad references java.lang.foreign.Arena (agent must not use java.lang.foreign.*)"), v);
    }

    @Test
    void reachingAgainstTheDirectionIsCaught() {
        assertEquals(1, rulesOf("notifier-core").check(List.of(
                classUsing("org.watchtray.core.Bad", "java.lang.Object", "org.watchtray.nativeaccess.libc.Libc"))).size());
        assertEquals(1, rulesOf("native-access").check(List.of(
                classUsing("org.watchtray.nativeaccess.Bad", "java.lang.Object", "org.watchtray.app.Main"))).size());
        assertEquals(1, rulesOf("agent").check(List.of(
                classUsing("org.watchtray.agent.Bad", "org.watchtray.app.Main", "java.lang.Object"))).size());
        assertEquals(1, rulesOf("app").check(List.of(
                classUsing("org.watchtray.app.Bad", "java.lang.Object", "org.watchtray.agent.AgentMain"))).size());
        assertEquals(List.of(), rulesOf("app").check(List.of(
                classUsing("org.watchtray.app.Good", "org.watchtray.core.event.Event", "org.watchtray.nativeaccess.NativeAccess"))));
    }

    @Test
    void bindingsOutsideNativeAccessAreReachedOnlyThroughItsFactory() {
        for (String module : List.of("app", "agent", "packaging")) {
            String bad = "org.watchtray." + module + ".Bad";
            assertEquals(List.of(module + ": " + bad + " references org.watchtray.nativeaccess.libc.LinuxLibc (native-access's bindings"
                            + " are reached only through its factory, org.watchtray.nativeaccess.NativeAccess)"),
                    rulesOf(module).check(List.of(classUsing(bad, "java.lang.Object", "org.watchtray.nativeaccess.libc.LinuxLibc"))));
            assertEquals(1, rulesOf(module).check(List.of(classUsing(bad, "java.lang.Object", "java.lang.foreign.MemorySegment"))).size(),
                    module + " must not use java.lang.foreign");
        }
        assertEquals(List.of(), rulesOf("native-access").check(List.of(
                classUsing("org.watchtray.nativeaccess.Good", "java.lang.Object", "org.watchtray.nativeaccess.libc.LinuxLibc"))));
    }

    @Test
    void forbiddenRequiresInModuleInfoAreCaught() {
        assertEquals(List.of("notifier-core: module-info requires javafx.controls (not allowed for org.watchtray.core)",
                        "notifier-core: module-info requires org.watchtray.nativeaccess (not allowed for org.watchtray.core)"),
                rulesOf("notifier-core").check(List.of(moduleInfo("org.watchtray.core", "javafx.controls", "org.watchtray.nativeaccess"))));
        assertEquals(List.of("agent: module-info requires org.watchtray.app (not allowed for org.watchtray.agent)"),
                rulesOf("agent").check(List.of(moduleInfo("org.watchtray.agent", "org.watchtray.nativeaccess", "org.watchtray.app"))));
        assertEquals(List.of("native-access: module-info requires javafx.graphics (not allowed for org.watchtray.nativeaccess)"),
                rulesOf("native-access").check(List.of(moduleInfo("org.watchtray.nativeaccess", "org.watchtray.core", "javafx.graphics"))));
    }

    @Test
    void genericSignaturesAndArraysCountAsReferences() {
        byte[] generic = ClassFile.of().build(ClassDesc.of("org.watchtray.core.Holder"), cb -> cb
                .withField("f", ClassDesc.of("java.util.List"), fb -> fb.with(java.lang.classfile.attribute.SignatureAttribute.of(
                        java.lang.classfile.Signature.parseFrom("Ljava/util/List<Ljavafx/scene/Node;>;"))))
                .withField("a", ClassDesc.of("java.awt.Color").arrayType(), 0));
        List<String> v = rulesOf("notifier-core").check(List.of(generic));
        assertEquals(2, v.size(), v.toString());
    }
}
