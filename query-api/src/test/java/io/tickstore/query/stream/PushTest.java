package io.tickstore.query.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickstore.store.model.TickRecord;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A tick push is written as bytes ({@code TickJson}) and handed on as text: non-ASCII and escapes survive. */
class PushTest {
    @Test
    void aTickPushCarriesEveryValueAsTheTickPageDoes() {
        TickRecord t = new TickRecord();
        t.clear();
        t.exchange = "BÖRSE";
        t.symbol = "日経\"225\"";
        t.timestamp = 1_704_205_800_000_001L;
        t.sequenceNumber = 42;
        t.lastPrice = 38_000_12345678L;
        t.lastSize = 1;
        t.conditions = "é\\\n";
        Push p = Push.tick(new Topic(Channel.TICKS, t.exchange, t.symbol, null, null), 7, t);
        assertEquals("{\"type\":\"tick\",\"exchange\":\"BÖRSE\",\"symbol\":\"日経\\\"225\\\"\",\"tick\":{"
                + "\"timestamp\":\"2024-01-02T14:30:00.000001Z\",\"sequence_number\":42,\"bid_price\":null,"
                + "\"ask_price\":null,\"bid_size\":null,\"ask_size\":null,\"last_price\":38000.12345678,"
                + "\"last_size\":0.00000001,\"volume\":null,\"conditions\":\"é\\\\\\n\",\"tape\":null}}", p.json());
        JsonObject parsed = new JsonObject(p.json());
        assertEquals("日経\"225\"", parsed.getString("symbol"));
        assertEquals("é\\\n", parsed.getJsonObject("tick").getString("conditions"));
    }
}
