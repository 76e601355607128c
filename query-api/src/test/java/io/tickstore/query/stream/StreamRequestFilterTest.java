package io.tickstore.query.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tickstore.store.model.OrderRecord;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Orders and positions subscriptions: optional filters, their echo, the 8 filters a change matches, last states. */
class StreamRequestFilterTest {
    @Test
    void filtersAreOptionalAndEchoedAsGiven() throws Exception {
        StreamRequest r = StreamRequest.parse("{\"op\":\"subscribe\",\"channel\":\"ORDERS\",\"strategy_id\":\"\"}");
        assertEquals(new Topic(Channel.ORDERS, null, null, null, ""), r.topic());
        StringBuilder sb = new StringBuilder();
        r.topic().appendFields(sb);
        assertEquals("\"channel\":\"orders\",\"strategy_id\":\"\"", sb.toString());
        assertEquals("orders strategy_id=", r.topic().toString());
        Topic all = StreamRequest.parse("{\"op\":\"unsubscribe\",\"channel\":\"positions\"}").topic();
        assertEquals("positions (all)", all.toString());
        Topic feed = StreamRequest.parse("{\"channel\":\"positions\",\"symbol\":\"S\",\"exchange\":\"E\",\"op\":\"subscribe\"}")
                .topic();
        assertEquals(new Topic(Channel.POSITIONS, "E", "S", null, null), feed);
    }

    @Test
    void theFirstProblemIsReportedInFieldOrder() {
        assertEquals("exchange: must not be empty", assertThrows(BadRequest.class, () -> StreamRequest.parse(
                "{\"op\":\"subscribe\",\"channel\":\"orders\",\"strategy_id\":\"" + "s".repeat(65)
                        + "\",\"exchange\":\"\"}")).getMessage());
        assertEquals("timeframe: not a field of channel positions", assertThrows(BadRequest.class, () -> StreamRequest.parse(
                "{\"op\":\"subscribe\",\"channel\":\"positions\",\"timeframe\":\"1m\",\"strategy_id\":\"" + "s".repeat(65)
                        + "\"}")).getMessage());
        assertEquals("strategy_id: not a field of channel bars", assertThrows(BadRequest.class, () -> StreamRequest.parse(
                "{\"op\":\"subscribe\",\"channel\":\"bars\",\"exchange\":\"E\",\"symbol\":\"S\",\"timeframe\":\"1m\","
                        + "\"strategy_id\":\"s\"}")).getMessage());
    }

    @Test
    void aChangeMatchesEightFilters() {
        Topic[] f = Topic.filtersMatching(Channel.ORDERS, "E", "S", null);
        assertEquals(Set.of(new Topic(Channel.ORDERS, null, null, null, null), new Topic(Channel.ORDERS, "E", null, null, null),
                new Topic(Channel.ORDERS, null, "S", null, null), new Topic(Channel.ORDERS, "E", "S", null, null),
                new Topic(Channel.ORDERS, null, null, null, ""), new Topic(Channel.ORDERS, "E", null, null, ""),
                new Topic(Channel.ORDERS, null, "S", null, ""), new Topic(Channel.ORDERS, "E", "S", null, "")), Set.of(f));
    }

    @Test
    void lastStatesKeepEachOrdersLastChangeInItsPlace() {
        OrderRecord a1 = order("A");
        OrderRecord b1 = order("B");
        OrderRecord a2 = order("A");
        OrderRecord c1 = order("C");
        List<OrderRecord> distinct = List.of(a1, b1, c1);
        assertSame(distinct, StreamHub.lastStates(distinct));
        List<OrderRecord> last = StreamHub.lastStates(List.of(a1, b1, a2, c1));
        assertEquals(3, last.size());
        assertSame(b1, last.get(0));
        assertSame(a2, last.get(1));
        assertSame(c1, last.get(2));
    }

    private static OrderRecord order(String id) {
        OrderRecord o = new OrderRecord();
        o.orderId = id;
        return o;
    }
}
