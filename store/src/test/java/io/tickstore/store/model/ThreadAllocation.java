package io.tickstore.store.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the current thread, for the no-allocation tests of hot paths (HotSpot only). */
public final class ThreadAllocation {
    private ThreadAllocation() {
    }

    /**
     * Fewest bytes the current thread allocated in one of several runs of {@code body}; the minimum
     * filters out one-off allocations by the JVM (class loading, JIT transitions). Skips the test
     * if the JVM cannot measure it.
     */
    public static long bytesAllocatedBy(Runnable body) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counter disabled");
        long fewest = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            body.run();
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return fewest;
    }
}
