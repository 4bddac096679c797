package org.watchtray.nativeaccess.kerberos;

import org.watchtray.core.kerberos.Krb5Errors;
import org.watchtray.core.kerberos.Krb5Exception;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.function.Supplier;
import org.watchtray.core.os.Errno;
import org.watchtray.nativeaccess.libc.Native;

/**
 * {@link Krb5Functions} over MIT {@code libkrb5.so.3} with java.lang.foreign: one handle per symbol,
 * named after it (Krb5BindingTest checks each name against the symbol it was bound to).
 * krb5 calls report failures as return codes, so errno is captured (Native's binding always
 * does) but never consulted; system errors arrive as the code itself.
 */
public final class LibKrb5 implements Krb5Functions {
    public static final String LIBRARY = "libkrb5.so.3";

    private static final FunctionDescriptor INT_ADDR = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final FunctionDescriptor INT_ADDR_ADDR = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
    private static final FunctionDescriptor INT_ADDR_ADDR_ADDR = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    private static final FunctionDescriptor ADDR_ADDR = FunctionDescriptor.of(ADDRESS, ADDRESS);
    private static final FunctionDescriptor ADDR_ADDR_ADDR = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS);
    private static final FunctionDescriptor VOID_ADDR = FunctionDescriptor.ofVoid(ADDRESS);
    private static final FunctionDescriptor VOID_ADDR_ADDR = FunctionDescriptor.ofVoid(ADDRESS, ADDRESS);

    private final MethodHandle krb5_init_secure_context;
    private final MethodHandle profile_init_path;
    private final MethodHandle profile_release;
    private final MethodHandle krb5_init_context_profile;
    private final MethodHandle krb5_free_context;
    private final MethodHandle krb5_cc_default_name;
    private final MethodHandle krb5_cc_set_default_name;
    private final MethodHandle krb5_cc_default;
    private final MethodHandle krb5_cc_resolve;
    private final MethodHandle krb5_cc_close;
    private final MethodHandle krb5_cc_get_type;
    private final MethodHandle krb5_cc_get_name;
    private final MethodHandle krb5_cc_get_full_name;
    private final MethodHandle krb5_free_string;
    private final MethodHandle krb5_cc_get_principal;
    private final MethodHandle krb5_unparse_name;
    private final MethodHandle krb5_free_unparsed_name;
    private final MethodHandle krb5_parse_name;
    private final MethodHandle krb5_free_principal;
    private final MethodHandle krb5_is_config_principal;
    private final MethodHandle krb5_cc_start_seq_get;
    private final MethodHandle krb5_cc_next_cred;
    private final MethodHandle krb5_cc_end_seq_get;
    private final MethodHandle krb5_free_cred_contents;
    private final MethodHandle krb5_cccol_cursor_new;
    private final MethodHandle krb5_cccol_cursor_next;
    private final MethodHandle krb5_cccol_cursor_free;
    private final MethodHandle krb5_get_renewed_creds;
    private final MethodHandle krb5_cc_new_unique;
    private final MethodHandle krb5_cc_initialize;
    private final MethodHandle krb5_cc_store_cred;
    private final MethodHandle krb5_cc_move;
    private final MethodHandle krb5_cc_destroy;
    private final MethodHandle krb5_get_error_message;
    private final MethodHandle krb5_free_error_message;

    private LibKrb5(SymbolLookup lib) {
        krb5_init_secure_context = bind(lib, "krb5_init_secure_context", INT_ADDR);
        // errcode_t profile_init_path(const char *filepath, profile_t *ret_profile): errcode_t is long.
        profile_init_path = bind(lib, "profile_init_path", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
        profile_release = bind(lib, "profile_release", VOID_ADDR);
        krb5_init_context_profile = bind(lib, "krb5_init_context_profile", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        krb5_free_context = bind(lib, "krb5_free_context", VOID_ADDR);
        krb5_cc_default_name = bind(lib, "krb5_cc_default_name", ADDR_ADDR);
        krb5_cc_set_default_name = bind(lib, "krb5_cc_set_default_name", INT_ADDR_ADDR);
        krb5_cc_default = bind(lib, "krb5_cc_default", INT_ADDR_ADDR);
        krb5_cc_resolve = bind(lib, "krb5_cc_resolve", INT_ADDR_ADDR_ADDR);
        krb5_cc_close = bind(lib, "krb5_cc_close", INT_ADDR_ADDR);
        krb5_cc_get_type = bind(lib, "krb5_cc_get_type", ADDR_ADDR_ADDR);
        krb5_cc_get_name = bind(lib, "krb5_cc_get_name", ADDR_ADDR_ADDR);
        krb5_cc_get_full_name = bind(lib, "krb5_cc_get_full_name", INT_ADDR_ADDR_ADDR);
        krb5_free_string = bind(lib, "krb5_free_string", VOID_ADDR_ADDR);
        krb5_cc_get_principal = bind(lib, "krb5_cc_get_principal", INT_ADDR_ADDR_ADDR);
        krb5_unparse_name = bind(lib, "krb5_unparse_name", INT_ADDR_ADDR_ADDR);
        krb5_free_unparsed_name = bind(lib, "krb5_free_unparsed_name", VOID_ADDR_ADDR);
        krb5_parse_name = bind(lib, "krb5_parse_name", INT_ADDR_ADDR_ADDR);
        krb5_free_principal = bind(lib, "krb5_free_principal", VOID_ADDR_ADDR);
        krb5_is_config_principal = bind(lib, "krb5_is_config_principal", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        krb5_cc_start_seq_get = bind(lib, "krb5_cc_start_seq_get", INT_ADDR_ADDR_ADDR);
        krb5_cc_next_cred = bind(lib, "krb5_cc_next_cred", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        krb5_cc_end_seq_get = bind(lib, "krb5_cc_end_seq_get", INT_ADDR_ADDR_ADDR);
        krb5_free_cred_contents = bind(lib, "krb5_free_cred_contents", VOID_ADDR_ADDR);
        krb5_cccol_cursor_new = bind(lib, "krb5_cccol_cursor_new", INT_ADDR_ADDR);
        krb5_cccol_cursor_next = bind(lib, "krb5_cccol_cursor_next", INT_ADDR_ADDR_ADDR);
        krb5_cccol_cursor_free = bind(lib, "krb5_cccol_cursor_free", INT_ADDR_ADDR);
        krb5_get_renewed_creds = bind(lib, "krb5_get_renewed_creds", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        krb5_cc_new_unique = bind(lib, "krb5_cc_new_unique", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        krb5_cc_initialize = bind(lib, "krb5_cc_initialize", INT_ADDR_ADDR_ADDR);
        krb5_cc_store_cred = bind(lib, "krb5_cc_store_cred", INT_ADDR_ADDR_ADDR);
        krb5_cc_move = bind(lib, "krb5_cc_move", INT_ADDR_ADDR_ADDR);
        krb5_cc_destroy = bind(lib, "krb5_cc_destroy", INT_ADDR_ADDR);
        krb5_get_error_message = bind(lib, "krb5_get_error_message", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        krb5_free_error_message = bind(lib, "krb5_free_error_message", VOID_ADDR_ADDR);
    }

    /** The library once bound: it stays loaded for the process's life (Arena.global), so it is bound once. */
    private static volatile LibKrb5 loaded;

    /**
     * Loads libkrb5.so.3 and binds every symbol; a missing library or symbol is a
     * {@link Krb5Exception} whose message says which (install libkrb5-3 / krb5-libs).
     */
    public static Krb5Functions load() throws Krb5Exception {
        LibKrb5 lib = loaded;
        if (lib != null) {
            return lib;
        }
        synchronized (LibKrb5.class) {
            if (loaded == null) {
                try {
                    loaded = new LibKrb5(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
                } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
                    throw new Krb5Exception("dlopen", LIBRARY, Errno.ENOENT.code(), String.valueOf(e.getMessage()));
                }
            }
            return loaded;
        }
    }

    private static MethodHandle bind(SymbolLookup lib, String symbol, FunctionDescriptor descriptor) {
        return Native.bindIn(lib, symbol, descriptor).orElseThrow(() -> new UnsatisfiedLinkError(LIBRARY + " has no symbol " + symbol));
    }

    // ---- contexts and profiles ----

    @Override
    public MemorySegment krb5_init_secure_context() throws Krb5Exception {
        return pointerOut("krb5_init_secure_context", MemorySegment.NULL, () -> "",
                (arena, out) -> (int) krb5_init_secure_context.invokeExact(Native.state(), out));
    }

    @Override
    public MemorySegment profile_init_path(String pathList) throws Krb5Exception {
        return pointerOut("profile_init_path", MemorySegment.NULL, () -> pathList, (arena, out) -> {
            MemorySegment path = arena.allocateFrom(pathList);
            return (int) (long) profile_init_path.invokeExact(Native.state(), path, out);
        });
    }

    @Override
    public void profile_release(MemorySegment profile) {
        run(() -> {
            profile_release.invokeExact(Native.state(), profile);
        });
    }

    @Override
    public MemorySegment krb5_init_context_profile(MemorySegment profile, int flags) throws Krb5Exception {
        return pointerOut("krb5_init_context_profile", MemorySegment.NULL, () -> "",
                (arena, out) -> (int) krb5_init_context_profile.invokeExact(Native.state(), profile, flags, out));
    }

    @Override
    public void krb5_free_context(MemorySegment context) {
        run(() -> {
            krb5_free_context.invokeExact(Native.state(), context);
        });
    }

    // ---- ccache names ----

    @Override
    public String krb5_cc_default_name(MemorySegment context) {
        return cString(address(() -> (MemorySegment) krb5_cc_default_name.invokeExact(Native.state(), context)));
    }

    @Override
    public void krb5_cc_set_default_name(MemorySegment context, String name) throws Krb5Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = name == null ? MemorySegment.NULL : arena.allocateFrom(name);
            check(Native.raw(() -> (int) krb5_cc_set_default_name.invokeExact(Native.state(), context, n)), "krb5_cc_set_default_name", context, () -> name);
        }
    }

    @Override
    public MemorySegment krb5_cc_default(MemorySegment context) throws Krb5Exception {
        return pointerOut("krb5_cc_default", context, () -> krb5_cc_default_name(context),
                (arena, out) -> (int) krb5_cc_default.invokeExact(Native.state(), context, out));
    }

    @Override
    public MemorySegment krb5_cc_resolve(MemorySegment context, String name) throws Krb5Exception {
        return pointerOut("krb5_cc_resolve", context, () -> name, (arena, out) -> {
            MemorySegment n = arena.allocateFrom(name);
            return (int) krb5_cc_resolve.invokeExact(Native.state(), context, n, out);
        });
    }

    @Override
    public void krb5_cc_close(MemorySegment context, MemorySegment cache) {
        // krb5_cc_close only fails for caches that were already broken; the handle is freed either way.
        Native.raw(() -> (int) krb5_cc_close.invokeExact(Native.state(), context, cache));
    }

    @Override
    public String krb5_cc_get_type(MemorySegment context, MemorySegment cache) {
        return cString(address(() -> (MemorySegment) krb5_cc_get_type.invokeExact(Native.state(), context, cache)));
    }

    @Override
    public String krb5_cc_get_name(MemorySegment context, MemorySegment cache) {
        return cString(address(() -> (MemorySegment) krb5_cc_get_name.invokeExact(Native.state(), context, cache)));
    }

    @Override
    public String krb5_cc_get_full_name(MemorySegment context, MemorySegment cache) throws Krb5Exception {
        MemorySegment s = pointerOut("krb5_cc_get_full_name", context, () -> describeCache(context, cache),
                (arena, out) -> (int) krb5_cc_get_full_name.invokeExact(Native.state(), context, cache, out));
        return take(context, s, krb5_free_string);
    }

    // ---- principals ----

    @Override
    public MemorySegment krb5_cc_get_principal(MemorySegment context, MemorySegment cache) throws Krb5Exception {
        return pointerOut("krb5_cc_get_principal", context, () -> describeCache(context, cache),
                (arena, out) -> (int) krb5_cc_get_principal.invokeExact(Native.state(), context, cache, out));
    }

    @Override
    public String krb5_unparse_name(MemorySegment context, MemorySegment principal) throws Krb5Exception {
        MemorySegment s = pointerOut("krb5_unparse_name", context, () -> "",
                (arena, out) -> (int) krb5_unparse_name.invokeExact(Native.state(), context, principal, out));
        return take(context, s, krb5_free_unparsed_name);
    }

    @Override
    public MemorySegment krb5_parse_name(MemorySegment context, String name) throws Krb5Exception {
        return pointerOut("krb5_parse_name", context, () -> name, (arena, out) -> {
            MemorySegment n = arena.allocateFrom(name);
            return (int) krb5_parse_name.invokeExact(Native.state(), context, n, out);
        });
    }

    @Override
    public void krb5_free_principal(MemorySegment context, MemorySegment principal) {
        run(() -> {
            krb5_free_principal.invokeExact(Native.state(), context, principal);
        });
    }

    @Override
    public boolean krb5_is_config_principal(MemorySegment context, MemorySegment principal) {
        return Native.raw(() -> (int) krb5_is_config_principal.invokeExact(Native.state(), context, principal)) != 0;
    }

    // ---- reading a cache ----

    @Override
    public void krb5_cc_start_seq_get(MemorySegment context, MemorySegment cache, MemorySegment cursor) throws Krb5Exception {
        check(Native.raw(() -> (int) krb5_cc_start_seq_get.invokeExact(Native.state(), context, cache, cursor)),
                "krb5_cc_start_seq_get", context, () -> describeCache(context, cache));
    }

    @Override
    public boolean krb5_cc_next_cred(MemorySegment context, MemorySegment cache, MemorySegment cursor, MemorySegment creds) throws Krb5Exception {
        int code = Native.raw(() -> (int) krb5_cc_next_cred.invokeExact(Native.state(), context, cache, cursor, creds));
        if (code == Krb5Errors.KRB5_CC_END) {
            return false;
        }
        check(code, "krb5_cc_next_cred", context, () -> describeCache(context, cache));
        return true;
    }

    @Override
    public void krb5_cc_end_seq_get(MemorySegment context, MemorySegment cache, MemorySegment cursor) throws Krb5Exception {
        check(Native.raw(() -> (int) krb5_cc_end_seq_get.invokeExact(Native.state(), context, cache, cursor)),
                "krb5_cc_end_seq_get", context, () -> describeCache(context, cache));
    }

    @Override
    public void krb5_free_cred_contents(MemorySegment context, MemorySegment creds) {
        run(() -> {
            krb5_free_cred_contents.invokeExact(Native.state(), context, creds);
        });
    }

    // ---- the collection ----

    @Override
    public MemorySegment krb5_cccol_cursor_new(MemorySegment context) throws Krb5Exception {
        return pointerOut("krb5_cccol_cursor_new", context, () -> krb5_cc_default_name(context),
                (arena, out) -> (int) krb5_cccol_cursor_new.invokeExact(Native.state(), context, out));
    }

    @Override
    public MemorySegment krb5_cccol_cursor_next(MemorySegment context, MemorySegment cursor) throws Krb5Exception {
        return pointerOut("krb5_cccol_cursor_next", context, () -> krb5_cc_default_name(context),
                (arena, out) -> (int) krb5_cccol_cursor_next.invokeExact(Native.state(), context, cursor, out));
    }

    @Override
    public void krb5_cccol_cursor_free(MemorySegment context, MemorySegment cursor) {
        try (Arena arena = Arena.ofConfined()) {
            // Takes krb5_cccol_cursor *: the cell is set to NULL after freeing.
            MemorySegment cell = arena.allocate(ADDRESS);
            cell.set(ADDRESS, 0, cursor);
            Native.raw(() -> (int) krb5_cccol_cursor_free.invokeExact(Native.state(), context, cell));
        }
    }

    // ---- renewing and storing ----

    @Override
    public void krb5_get_renewed_creds(MemorySegment context, MemorySegment creds, MemorySegment client, MemorySegment cache, String service) throws Krb5Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = service == null ? MemorySegment.NULL : arena.allocateFrom(service);
            check(Native.raw(() -> (int) krb5_get_renewed_creds.invokeExact(Native.state(), context, creds, client, cache, s)),
                    "krb5_get_renewed_creds", context, () -> describePrincipal(context, client) + " in " + describeCache(context, cache));
        }
    }

    @Override
    public MemorySegment krb5_cc_new_unique(MemorySegment context, String type) throws Krb5Exception {
        return pointerOut("krb5_cc_new_unique", context, () -> type, (arena, out) -> {
            MemorySegment t = arena.allocateFrom(type);
            return (int) krb5_cc_new_unique.invokeExact(Native.state(), context, t, MemorySegment.NULL, out);
        });
    }

    @Override
    public void krb5_cc_initialize(MemorySegment context, MemorySegment cache, MemorySegment principal) throws Krb5Exception {
        check(Native.raw(() -> (int) krb5_cc_initialize.invokeExact(Native.state(), context, cache, principal)),
                "krb5_cc_initialize", context, () -> describeCache(context, cache));
    }

    @Override
    public void krb5_cc_store_cred(MemorySegment context, MemorySegment cache, MemorySegment creds) throws Krb5Exception {
        check(Native.raw(() -> (int) krb5_cc_store_cred.invokeExact(Native.state(), context, cache, creds)),
                "krb5_cc_store_cred", context, () -> describeCache(context, cache));
    }

    @Override
    public void krb5_cc_move(MemorySegment context, MemorySegment source, MemorySegment destination) throws Krb5Exception {
        check(Native.raw(() -> (int) krb5_cc_move.invokeExact(Native.state(), context, source, destination)),
                "krb5_cc_move", context, () -> describeCache(context, destination));
    }

    @Override
    public void krb5_cc_destroy(MemorySegment context, MemorySegment cache) throws Krb5Exception {
        check(Native.raw(() -> (int) krb5_cc_destroy.invokeExact(Native.state(), context, cache)),
                "krb5_cc_destroy", context, () -> "");
    }

    // ---- messages ----

    @Override
    public String krb5_get_error_message(MemorySegment context, int code) {
        MemorySegment s = address(() -> (MemorySegment) krb5_get_error_message.invokeExact(Native.state(), context, code));
        String message = take(context, s, krb5_free_error_message);
        return message == null ? "error " + code : message;
    }

    /** A downcall whose last argument is a pointer it fills in ({@code krb5_context *}, {@code krb5_ccache *} …). */
    @FunctionalInterface
    private interface OutCall {
        int invoke(Arena arena, MemorySegment out) throws Throwable;
    }

    /** Runs a call with an out-pointer cell from a confined arena; returns what it stored, or throws for its code. */
    private MemorySegment pointerOut(String call, MemorySegment context, Supplier<String> about, OutCall downcall) throws Krb5Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check(Native.raw(() -> downcall.invoke(arena, out)), call, context, about);
            return out.get(ADDRESS, 0);
        }
    }

    /** Copies a string the library allocated, then releases it with its krb5_free_* function(context, pointer). */
    private static String take(MemorySegment context, MemorySegment s, MethodHandle free) {
        try {
            return cString(s);
        } finally {
            run(() -> {
                free.invokeExact(Native.state(), context, s);
            });
        }
    }

    @FunctionalInterface
    private interface VoidCall {
        void invoke() throws Throwable;
    }

    /** A void downcall (the krb5_free_* family); the block form keeps invokeExact's return type void. */
    private static void run(VoidCall downcall) {
        Native.raw(() -> {
            downcall.invoke();
            return 0;
        });
    }

    /** Turns a non-zero krb5_error_code into a Krb5Exception; {@code about} is only evaluated on failure. */
    private void check(int code, String call, MemorySegment context, Supplier<String> about) throws Krb5Exception {
        if (code != 0) {
            throw new Krb5Exception(call, about.get(), code, krb5_get_error_message(context, code));
        }
    }

    /** "TYPE:residual" without allocating, for failure messages. */
    private String describeCache(MemorySegment context, MemorySegment cache) {
        return krb5_cc_get_type(context, cache) + ":" + krb5_cc_get_name(context, cache);
    }

    private String describePrincipal(MemorySegment context, MemorySegment principal) {
        try {
            return krb5_unparse_name(context, principal);
        } catch (Krb5Exception e) {
            return "(unprintable principal)";
        }
    }

    @FunctionalInterface
    private interface AddressCall {
        MemorySegment invoke() throws Throwable;
    }

    /** A downcall returning a pointer ({@code const char *}). */
    private static MemorySegment address(AddressCall call) {
        try {
            return call.invoke();
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** A NUL-terminated C string; null for a NULL pointer. */
    static String cString(MemorySegment s) {
        return s.equals(MemorySegment.NULL) ? null : s.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
