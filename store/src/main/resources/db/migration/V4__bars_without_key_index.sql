-- tickstore schema, version 4: ohlcv_bars without a primary key index and without is_complete.
--
-- The store writer is the only writer and keeps one row per (exchange, symbol, timeframe,
-- bucket_start) itself; the ART index behind the primary key made every bar insert 2-5x dearer and
-- every checkpoint rewrite it, which capped ingest on feeds that open many bars. Range reads by
-- symbol and time prune on bucket_start instead.
--
-- A bar's completeness is no longer stored: it follows from the feed's latest trade time
-- (complete = bucket_start + timeframe <= latest trade), which readers know; a stored flag had to
-- be rewritten on every bar that completed, and went stale for the latest bar of a quiet feed.
CREATE TABLE ohlcv_bars_v4 (
    exchange            VARCHAR        NOT NULL,
    symbol              VARCHAR        NOT NULL,
    timeframe           VARCHAR        NOT NULL,
    bucket_start        TIMESTAMP      NOT NULL,
    open                DECIMAL(18,8)  NOT NULL,
    high                DECIMAL(18,8)  NOT NULL,
    low                 DECIMAL(18,8)  NOT NULL,
    close               DECIMAL(18,8)  NOT NULL,
    volume              DECIMAL(38,8)  NOT NULL,
    trade_count         BIGINT         NOT NULL,
    price_volume        DECIMAL(38,16) NOT NULL,
    open_time           TIMESTAMP      NOT NULL,
    open_sequence       BIGINT         NOT NULL,
    open_journal_index  BIGINT         NOT NULL,
    close_time          TIMESTAMP      NOT NULL,
    close_sequence      BIGINT         NOT NULL,
    close_journal_index BIGINT         NOT NULL,
    updated_at          TIMESTAMP      NOT NULL
);
INSERT INTO ohlcv_bars_v4
SELECT exchange, symbol, timeframe, bucket_start, open, high, low, close, volume, trade_count, price_volume,
       open_time, open_sequence, open_journal_index, close_time, close_sequence, close_journal_index, updated_at
FROM ohlcv_bars ORDER BY bucket_start, exchange, symbol, timeframe;
DROP TABLE ohlcv_bars;
ALTER TABLE ohlcv_bars_v4 RENAME TO ohlcv_bars;
