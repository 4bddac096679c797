package org.watchtray.fuzz;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeds taken from the unit tests' own fixtures (notifier-core's test jar), read by name so
 * that the fuzzer starts where the tests stand and follows them when they change. A fixture
 * that is renamed or removed fails the smoke run loudly instead of silently seeding nothing.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** A static field ({@code String} or {@code byte[]}) or no-argument static method of a test class, as bytes. */
    public static byte[] of(String className, String member) {
        try {
            Class<?> c = Class.forName(className);
            Object value;
            try {
                Field f = c.getDeclaredField(member);
                f.setAccessible(true);
                value = f.get(null);
            } catch (NoSuchFieldException notAField) {
                Method m = c.getDeclaredMethod(member);
                m.setAccessible(true);
                value = m.invoke(null);
            }
            return switch (value) {
                case byte[] b -> b;
                case String s -> s.getBytes(StandardCharsets.UTF_8);
                default -> throw new IllegalStateException(className + "." + member + " is " + value.getClass());
            };
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("fixture " + className + "." + member + " is gone: " + e, e);
        }
    }

    /** Each line of a text fixture as its own seed, plus the whole. */
    public static List<byte[]> lines(byte[] text) {
        List<byte[]> out = new ArrayList<>();
        out.add(text);
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
            out.add(line.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
