package org.watchtray.nativeaccess.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.watchtray.core.kerberos.Krb5Errors;
import org.watchtray.nativeaccess.libc.Native;

/** Each handle of {@link LibKrb5} is bound to the libkrb5 symbol its field is named after. */
class Krb5BindingTest {

    @Test
    void everyHandleIsBoundToTheSymbolOfItsName() throws Exception {
        Krb5Functions krb5 = LibKrb5.load();
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
        Krb5Functions krb5 = LibKrb5.load();
        List<String> handles = new ArrayList<>();
        for (Field f : LibKrb5.class.getDeclaredFields()) {
            if (f.getType() == MethodHandle.class) {
                handles.add(f.getName());
            }
        }
        java.util.Set<String> methods = new java.util.TreeSet<>();
        for (var m : Krb5Functions.class.getDeclaredMethods()) {
            assertTrue(handles.contains(m.getName()), m.getName() + " has no handle of the same name");
            methods.add(m.getName());
        }
        // The only handles beyond the interface are the free functions the binding calls itself
        // after copying a string the library allocated.
        java.util.Set<String> extra = new java.util.TreeSet<>(handles);
        extra.removeAll(methods);
        assertEquals(java.util.Set.of("krb5_free_error_message", "krb5_free_string", "krb5_free_unparsed_name"), extra);
        assertEquals(Krb5Functions.class.getDeclaredMethods().length, methods.size(), "no overloads: one method per C symbol");
        // The loaded library answers through its handles, and the code's name is the library's:
        // without a context the error table is not loaded yet, and the position (141) shows.
        assertEquals("Unknown code krb5 141", krb5.krb5_get_error_message(java.lang.foreign.MemorySegment.NULL, Krb5Errors.KRB5_CC_NOTFOUND));
        var context = krb5.krb5_init_secure_context();
        try {
            assertEquals("Matching credential not found", krb5.krb5_get_error_message(context, Krb5Errors.KRB5_CC_NOTFOUND));
        } finally {
            krb5.krb5_free_context(context);
        }
    }
}
