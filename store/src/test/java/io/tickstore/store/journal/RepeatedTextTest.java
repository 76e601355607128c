package io.tickstore.store.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** {@link RepeatedText} writes every text byte for byte as Chronicle's writeUtf8, kept or not, and reads back. */
class RepeatedTextTest {
    private static final List<String> TEXTS = Arrays.asList("XNAS", "AAPL", "", "BTC-USDT", "@F T", null,
            "\u00e9t\u00e9", "\u4e2d", "\ud83d\ude00", "lone \ud83d half", "x".repeat(200), "XNAS", "AAPL", "\u00e9t\u00e9");

    @Test
    void writesWhatWriteUtf8WritesAndReadsBack() {
        RepeatedText repeated = new RepeatedText();
        for (int round = 0; round < 2; round++) { // the second round writes the kept bytes
            for (String text : TEXTS) {
                Bytes<?> expected = Bytes.allocateElasticOnHeap(64);
                Bytes<?> got = Bytes.allocateElasticOnHeap(64);
                try {
                    expected.writeUtf8(text);
                    repeated.write(got, text);
                    assertArrayEquals(expected.toByteArray(), got.toByteArray(), "[" + text + "]");
                    assertEquals(text, got.readUtf8(), "[" + text + "] read back");
                } finally {
                    expected.releaseLast();
                    got.releaseLast();
                }
            }
        }
    }
}
