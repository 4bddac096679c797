package org.watchtray.core.testing;

/** What the calling thread has allocated, for tests that bound the garbage of a hot path. */
public final class Allocation {
    private Allocation() {
    }

    /** This thread's allocation so far (com.sun.management.ThreadMXBean, reached reflectively: notifier-core reads no management module). */
    public static long threadAllocatedBytes() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            return (long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes").invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("this JVM cannot count allocation", e);
        }
    }
}
