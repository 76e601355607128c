package io.tickstore.bench.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used (user + system, all its threads), from Linux's {@code /proc/PID/stat}.
 * On two cores shared with the load generator a server's CPU per frame decides how far it falls
 * behind, and unlike latency it barely moves with the machine's other load.
 */
final class ProcessCpu {
    /** USER_HZ: the unit of utime and stime; 100 on every Linux architecture tickstore runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** CPU nanoseconds used so far by process {@code pid}, or -1 when it cannot be read (not Linux, gone). */
    static long nanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) state ppid ...": comm may hold spaces, so count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
