package io.tickstore.bench.jmh;

import io.tickstore.bench.load.TickFrameWriter;
import io.tickstore.ingest.protocol.FrameParser;
import io.tickstore.ingest.protocol.FrameRejection;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frames/s that one FrameParser turns from a frame's UTF-8 bytes (as the server receives them) into validated
 * messages: {@code parse500}, 500 ticks a frame (x500 = ticks/s); {@code parseRows500}, the same as a frame of rows;
 * {@code parse1}, a one-tick frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FrameParserBenchmark extends ChronicleForkedBenchmark {
    static final int TICKS = 500;

    private FrameParser parser;
    private byte[] frame;
    private byte[] oneTick;
    private byte[] rows;

    @Setup
    public void setUp() throws FrameRejection {
        parser = new FrameParser(10_000);
        TickFrameWriter writer = new TickFrameWriter("BENCH", 100, 42);
        frame = writer.next(TICKS, 1_704_205_800_123_456L).toString().getBytes(StandardCharsets.UTF_8);
        oneTick = writer.next(1, 1_704_205_800_123_456L).toString().getBytes(StandardCharsets.UTF_8);
        rows = writer.nextRows(TICKS, 1_704_205_800_123_456L).toString().getBytes(StandardCharsets.UTF_8);
        if (parser.parse(frame) != TICKS || parser.parse(oneTick) != 1 || parser.parse(rows) != TICKS) {
            throw new IllegalStateException("expected " + TICKS + " messages in the frame and 1 in the one-tick frame");
        }
    }

    @Benchmark
    public long parse500() throws FrameRejection {
        int n = parser.parse(frame);
        return n + parser.messages()[n - 1].tick.lastPrice;
    }

    /** The same 500 ticks as a frame of rows: a header, then one array of values per tick. */
    @Benchmark
    public long parseRows500() throws FrameRejection {
        int n = parser.parse(rows);
        return n + parser.messages()[n - 1].tick.lastPrice;
    }

    @Benchmark
    public long parse1() throws FrameRejection {
        int n = parser.parse(oneTick);
        return n + parser.messages()[0].tick.lastPrice;
    }
}
