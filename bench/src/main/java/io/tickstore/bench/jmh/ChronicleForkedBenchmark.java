package io.tickstore.bench.jmh;

import org.openjdk.jmh.annotations.Fork;

/**
 * What every benchmark class here extends: one forked JVM with {@link ChronicleJvmFlags}. JMH reads
 * {@code @Fork} from a benchmark's superclasses, so the flag list is written once (an annotation's
 * array cannot be a shared constant); a subclass that needs another fork count declares its own
 * {@code @Fork} with these flags.
 */
@Fork(value = 1, jvmArgsAppend = {
        ChronicleJvmFlags.EXPORT_INTERNAL_REF, ChronicleJvmFlags.EXPORT_NIO_CH, ChronicleJvmFlags.EXPORT_MISC,
        ChronicleJvmFlags.EXPORT_JAVAC_FILE, ChronicleJvmFlags.OPEN_JAVAC, ChronicleJvmFlags.OPEN_LANG,
        ChronicleJvmFlags.OPEN_REFLECT, ChronicleJvmFlags.OPEN_IO, ChronicleJvmFlags.OPEN_UTIL,
        ChronicleJvmFlags.OPEN_NIO_CH, ChronicleJvmFlags.OPEN_NIO, ChronicleJvmFlags.NO_ANALYTICS})
public abstract class ChronicleForkedBenchmark {
}
