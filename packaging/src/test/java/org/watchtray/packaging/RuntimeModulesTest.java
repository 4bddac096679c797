package org.watchtray.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuntimeModulesTest {
    @Test
    void theJdkModulesAModuleRequiresAreKeptButNotItsOptionalOnes() throws Exception {
        // sqlite-jdbc: requires transitive java.sql and java.sql.rowset (which no class of the app
        // uses, so jdeps does not name it), requires static org.slf4j and org.graalvm.nativeimage.
        Path sqlite = Path.of(Class.forName("org.sqlite.JDBC").getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals(Set.of("java.base", "java.sql", "java.sql.rowset"), RuntimeModules.required(List.of(sqlite)));
    }
}
