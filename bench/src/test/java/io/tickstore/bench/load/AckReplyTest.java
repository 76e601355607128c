package io.tickstore.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AckReplyTest {

    @Test
    void okReply() {
        String r = "{\"status\":\"ok\",\"accepted\":499,\"duplicates\":1,\"journal_index\":89249420410880}";
        assertTrue(AckReply.isOk(r));
        assertEquals(499, AckReply.longField(r, "accepted"));
        assertEquals(1, AckReply.longField(r, "duplicates"));
        assertEquals(89249420410880L, AckReply.longField(r, "journal_index"));
    }

    @Test
    void errorReply() {
        String r = "{\"status\":\"error\",\"error\":\"element 3: last_price: \\\"x\\\" is bad\"}";
        assertFalse(AckReply.isOk(r));
        assertEquals("element 3: last_price: \\\"x\\\" is bad", AckReply.stringField(r, "error"));
        assertEquals(-1, AckReply.longField(r, "accepted"));
    }

    @Test
    void spacedOkReply() {
        String r = "{ \"status\": \"ok\", \"accepted\": 5, \"duplicates\": 0 }";
        assertTrue(AckReply.isOk(r));
        assertEquals(5, AckReply.longField(r, "accepted"));
    }

    @Test
    void inFlightRingKeepsOrderAcrossWraps() {
        InFlightFrames f = new InFlightFrames(3);
        for (long i = 0; i < 100; i++) {
            f.add(i);
            f.add(i + 1000);
            assertEquals(2, f.size());
            assertEquals(i, f.take());
            assertEquals(i + 1000, f.take());
            assertEquals(Long.MIN_VALUE, f.take());
        }
    }
}
