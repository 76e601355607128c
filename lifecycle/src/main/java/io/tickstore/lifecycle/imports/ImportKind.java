package io.tickstore.lifecycle.imports;

import java.util.List;

/**
 * What an import brings in: the ingest message type, the protocol fields a source column may feed
 * (docs/protocol.md), and the order rows are read in, which is also the order a resumed import counts
 * them in (orders in time order, so their life cycles replay as they happened).
 */
public enum ImportKind {
    TICKS("tick", List.of("exchange", "symbol", "timestamp", "sequence_number", "bid_price", "ask_price", "last_price",
            "bid_size", "ask_size", "volume", "last_size", "conditions", "tape"),
            List.of("exchange", "symbol", "sequence_number"), List.of("exchange", "symbol", "sequence_number")),
    TRADES("trade", List.of("trade_id", "order_id", "exchange", "symbol", "strategy_id", "side", "quantity", "price",
            "executed_at", "commission", "fees", "exchange_trade_id", "liquidity"),
            List.of("executed_at", "trade_id"), List.of("trade_id")),
    ORDERS("order", List.of("order_id", "client_order_id", "exchange", "symbol", "strategy_id", "side", "order_type",
            "time_in_force", "quantity", "price", "stop_price", "status", "filled_quantity", "average_fill_price",
            "created_at", "updated_at"),
            List.of("updated_at", "order_id"), List.of("order_id"));

    /** The message's {@code "type"}. */
    public final String type;
    /** Fields a column may map to. */
    public final List<String> fields;
    /** Fields whose columns order the rows. */
    public final List<String> orderBy;
    /** Fields that name a row in a report. */
    public final List<String> key;

    ImportKind(String type, List<String> fields, List<String> orderBy, List<String> key) {
        this.type = type;
        this.fields = fields;
        this.orderBy = orderBy;
        this.key = key;
    }
}
