package io.tickstore.bench.jmh;

import java.util.List;

/**
 * The JVM flags every forked benchmark JVM gets ({@link ChronicleForkedBenchmark}'s {@code @Fork}): Chronicle Queue
 * needs the exports/opens on JDK 17, and analytics must be off in every JVM that opens a queue.
 * The same list is {@code chronicle.jvm.args} in the parent pom and {@code chronicle_opts} in
 * {@code ./tickstore}. Annotation values must be constants, hence one field per flag.
 */
public final class ChronicleJvmFlags {
    public static final String EXPORT_INTERNAL_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    public static final String EXPORT_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String EXPORT_MISC = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    public static final String EXPORT_JAVAC_FILE = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    public static final String OPEN_JAVAC = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    public static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    public static final String OPEN_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    public static final String OPEN_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    public static final String OPEN_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    public static final String OPEN_NIO_CH = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String OPEN_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    public static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";

    /** Every flag above, in order. */
    public static final List<String> ALL = List.of(
            EXPORT_INTERNAL_REF, EXPORT_NIO_CH, EXPORT_MISC, EXPORT_JAVAC_FILE, OPEN_JAVAC, OPEN_LANG,
            OPEN_REFLECT, OPEN_IO, OPEN_UTIL, OPEN_NIO_CH, OPEN_NIO, NO_ANALYTICS);

    private ChronicleJvmFlags() {
    }
}
