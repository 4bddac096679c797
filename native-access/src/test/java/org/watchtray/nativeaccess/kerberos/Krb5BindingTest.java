package org.watchtray.nativeaccess.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.libc.Native;

/** Each handle of {@link LibKrb5} is bound to the libkrb5 symbol its field is named after. */
class Krb5BindingTest {

    @Test
    void everyHandleIsBoundToTheSymbolOfItsName() throws Exception {
        Krb5 krb5 = LibKrb5.load();
        List<String> checked = new ArrayList<>();
        for (Field f : LibKrb5.class.getDeclaredFields()) {
            if (f.getType() != MethodHandle.class) {
                continue;
            }
            f.setAccessible(true);
            assertEquals(f.getName(), Native.symbolOf((MethodHandle) f.get(krb5)), "handle field " + f.getName());
            checked.add(f.getName());
        }
        assertTrue(checked.contains("krb5_cccol_cursor_next") && checked.contains("krb5_get_renewed_creds") && checked.size() >= 30,
                "found the handles: " + checked);
    }

    @Test
    void everyInterfaceMethodIsACSymbolOfTheLibrary() throws Exception {
        Krb5 krb5 = LibKrb5.load();
        List<String> handles = new ArrayList<>();
        for (Field f : LibKrb5.class.getDeclaredFields()) {
            if (f.getType() == MethodHandle.class) {
                handles.add(f.getName());
            }
        }
        for (var m : Krb5.class.getDeclaredMethods()) {
            assertTrue(handles.contains(m.getName()), m.getName() + " has no handle of the same name");
        }
        assertTrue(krb5 instanceof LibKrb5);
    }
}
