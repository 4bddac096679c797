package org.watchtray.nativeaccess.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each MethodHandle field of {@link LinuxLibc} is bound to the C symbol its name says (a handle
 * named epoll_create1 bound to epoll_create would silently lose EPOLL_CLOEXEC).
 */
class LibcBindingTest {

    @Test
    void everyHandleIsBoundToTheSymbolOfItsName() throws IllegalAccessException {
        List<String> checked = new ArrayList<>();
        for (Field f : LinuxLibc.class.getDeclaredFields()) {
            if (f.getType() != MethodHandle.class || !Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            MethodHandle h = (MethodHandle) f.get(null);
            assertEquals(f.getName(), Native.symbolOf(h), "handle field " + f.getName());
            checked.add(f.getName());
        }
        assertTrue(checked.contains("epoll_create1") && checked.contains("syscall") && checked.size() >= 25,
                "found the handles: " + checked);
    }
}
