-- tickstore schema, version 2: OHLCV bars kept by the writer.
-- vwap is not stored: DuckDB divides decimals in binary floating point, so vwap is computed on read
-- from the exact sums (price_volume / volume, rounded half-even to 8 decimals).
-- Bars are derived data; this migration rebuilds them from the stored ticks. (price * size needs the
-- widening casts: DuckDB keeps DECIMAL(18,8) * DECIMAL(18,8) at width 18 and overflows.)

DROP TABLE ohlcv_bars;

CREATE TABLE ohlcv_bars (
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
    is_complete         BOOLEAN        NOT NULL,
    updated_at          TIMESTAMP      NOT NULL,
    PRIMARY KEY (exchange, symbol, timeframe, bucket_start)
);

INSERT INTO ohlcv_bars
WITH trades AS (
    SELECT exchange, symbol, last_price AS price, last_size AS size, epoch_us(timestamp) AS t,
           {'t': epoch_us(timestamp), 's': sequence_number, 'j': journal_index} AS k
    FROM market_ticks WHERE last_price IS NOT NULL
), timeframes(label, micros) AS (
    VALUES ('1m', 60000000::BIGINT), ('5m', 300000000::BIGINT), ('15m', 900000000::BIGINT),
           ('1h', 3600000000::BIGINT), ('1d', 86400000000::BIGINT)
), latest AS (
    SELECT exchange, symbol, max(t) AS t FROM trades GROUP BY exchange, symbol
), bars AS (
    SELECT tr.exchange, tr.symbol, f.label, f.micros, (tr.t // f.micros) * f.micros AS bucket,
           arg_min(tr.price, tr.k) AS open, max(tr.price) AS high, min(tr.price) AS low,
           arg_max(tr.price, tr.k) AS close, sum(tr.size) AS volume, count(*) AS trade_count,
           sum(tr.price::DECIMAL(38,8) * tr.size::DECIMAL(38,8)) AS price_volume, min(tr.k) AS first_key,
           max(tr.k) AS last_key
    FROM trades tr CROSS JOIN timeframes f
    GROUP BY tr.exchange, tr.symbol, f.label, f.micros, (tr.t // f.micros) * f.micros
)
SELECT b.exchange, b.symbol, b.label, make_timestamp(b.bucket), b.open, b.high, b.low, b.close,
       b.volume::DECIMAL(38,8), b.trade_count, b.price_volume::DECIMAL(38,16),
       make_timestamp(b.first_key.t), b.first_key.s, b.first_key.j,
       make_timestamp(b.last_key.t), b.last_key.s, b.last_key.j,
       b.bucket + b.micros <= l.t, (now() AT TIME ZONE 'UTC')
FROM bars b JOIN latest l ON l.exchange = b.exchange AND l.symbol = b.symbol;
