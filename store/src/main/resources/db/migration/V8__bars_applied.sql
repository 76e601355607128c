-- tickstore schema, version 8: the DuckDB sink writes bars less often than rows.
--
-- journal_applied.applied_index is the journal index of the last message whose rows (ticks, orders,
-- trades, positions, feed_state) are stored. The bars (ohlcv_bars) of the messages up to
-- bars_applied.applied_index are stored; those of the messages after it, up to journal_applied's, are
-- not yet (the sink folds them in memory and writes them every warm.bar_batch messages, when it has
-- caught up with the journal, when idle and when it stops). Both move in the sink's transactions only,
-- each with what it names; bars_applied.applied_index <= journal_applied.applied_index always. After a
-- crash the sink rebuilds the missing bars from the stored trade ticks (market_ticks.journal_index in
-- that range) before it applies anything else.
CREATE TABLE bars_applied (
    id            INTEGER   PRIMARY KEY CHECK (id = 1),
    applied_index BIGINT    NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
INSERT INTO bars_applied SELECT 1, applied_index, updated_at FROM journal_applied WHERE id = 1;
