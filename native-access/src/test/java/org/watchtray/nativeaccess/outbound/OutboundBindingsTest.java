package org.watchtray.nativeaccess.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;
import org.watchtray.nativeaccess.libc.Native;

class OutboundBindingsTest {

    @Test
    void eachHandleIsBoundToTheSymbolItIsNamedAfter() throws Exception {
        int handles = 0;
        for (Field f : OutboundCalls.class.getDeclaredFields()) {
            if (f.getType() == MethodHandle.class && Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                assertEquals(f.getName(), Native.symbolOf((MethodHandle) f.get(null)));
                handles++;
            }
        }
        assertEquals(4, handles);
    }

    @Test
    void layoutsHaveTheirCSizes() {
        assertEquals(16, OutboundStructs.IOVEC.byteSize());
        assertEquals(56, OutboundStructs.MSGHDR.byteSize());
        assertEquals(0, OutboundStructs.MSGHDR_NAME);
        assertEquals(8, OutboundStructs.MSGHDR_NAMELEN);
        assertEquals(16, OutboundStructs.MSGHDR_IOV);
        assertEquals(24, OutboundStructs.MSGHDR_IOVLEN);
        assertEquals(32, OutboundStructs.MSGHDR_CONTROL);
        assertEquals(40, OutboundStructs.MSGHDR_CONTROLLEN);
        assertEquals(16, OutboundStructs.CMSGHDR.byteSize());
        assertEquals(20, OutboundStructs.CMSG_LEN_ONE_FD);
        assertEquals(24, OutboundStructs.CMSG_SPACE_ONE_FD);
        assertEquals(16, OutboundStructs.TIMEVAL.byteSize());
        assertEquals(8, OutboundStructs.TIMEVAL_USEC);
    }
}
