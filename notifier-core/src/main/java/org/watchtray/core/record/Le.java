package org.watchtray.core.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian loads and stores on byte arrays. The kernel writes records in host order;
 * watchtray targets little-endian hosts (x86-64, aarch64), and its own records are
 * little-endian by definition.
 */
final class Le {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Le() {
    }

    static int u16(byte[] b, int at) {
        return (short) SHORT.get(b, at) & 0xFFFF;
    }

    static int i32(byte[] b, int at) {
        return (int) INT.get(b, at);
    }

    static long i64(byte[] b, int at) {
        return (long) LONG.get(b, at);
    }

    static void putShort(byte[] b, int at, short v) {
        SHORT.set(b, at, v);
    }

    static void putInt(byte[] b, int at, int v) {
        INT.set(b, at, v);
    }

    static void putLong(byte[] b, int at, long v) {
        LONG.set(b, at, v);
    }
}
