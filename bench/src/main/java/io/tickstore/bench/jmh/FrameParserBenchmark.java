package io.tickstore.bench.jmh;

import io.tickstore.bench.load.TickFrameWriter;
import io.tickstore.ingest.protocol.FrameParser;
import io.tickstore.ingest.protocol.FrameRejection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Frames/s that one FrameParser turns from JSON text into validated messages (500 ticks a frame: x500 = ticks/s). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
        ChronicleJvmFlags.EXPORT_INTERNAL_REF, ChronicleJvmFlags.EXPORT_NIO_CH, ChronicleJvmFlags.EXPORT_MISC,
        ChronicleJvmFlags.EXPORT_JAVAC_FILE, ChronicleJvmFlags.OPEN_JAVAC, ChronicleJvmFlags.OPEN_LANG,
        ChronicleJvmFlags.OPEN_REFLECT, ChronicleJvmFlags.OPEN_IO, ChronicleJvmFlags.OPEN_UTIL,
        ChronicleJvmFlags.OPEN_NIO_CH, ChronicleJvmFlags.OPEN_NIO, ChronicleJvmFlags.NO_ANALYTICS})
public class FrameParserBenchmark {
    static final int TICKS = 500;

    private FrameParser parser;
    private String frame;

    @Setup
    public void setUp() throws FrameRejection {
        parser = new FrameParser(10_000);
        frame = new TickFrameWriter("BENCH", 100, 42).next(TICKS, 1_704_205_800_123_456L).toString();
        if (parser.parse(frame) != TICKS) {
            throw new IllegalStateException("expected " + TICKS + " messages in the frame");
        }
    }

    @Benchmark
    public long parse500() throws FrameRejection {
        int n = parser.parse(frame);
        return n + parser.messages()[n - 1].tick.lastPrice;
    }
}
