-- tickstore schema, version 5: the small state the DuckDB sink keeps beside the rows, so that
-- start-up reads a row per feed instead of scanning every stored tick and fill.
--
-- feed_state: per feed, the latest bid, ask and last trade (each with the tick that set it, ordered
-- by (timestamp, sequence_number, journal_index)) and the latest tick time. Written in the same
-- transaction as the ticks it covers.
CREATE TABLE feed_state (
    exchange            VARCHAR       NOT NULL,
    symbol              VARCHAR       NOT NULL,
    bid_price           DECIMAL(18,8),
    bid_size            DECIMAL(18,8),
    bid_time            TIMESTAMP,
    bid_sequence        BIGINT,
    bid_journal_index   BIGINT,
    ask_price           DECIMAL(18,8),
    ask_size            DECIMAL(18,8),
    ask_time            TIMESTAMP,
    ask_sequence        BIGINT,
    ask_journal_index   BIGINT,
    last_price          DECIMAL(18,8),
    last_size           DECIMAL(18,8),
    last_time           TIMESTAMP,
    last_sequence       BIGINT,
    last_journal_index  BIGINT,
    latest_tick_time    TIMESTAMP     NOT NULL,
    PRIMARY KEY (exchange, symbol)
);

INSERT INTO feed_state
WITH k AS (
    SELECT *, {'t': epoch_us(timestamp), 's': sequence_number, 'j': journal_index} AS key FROM market_ticks
), latest AS (
    SELECT exchange, symbol,
           arg_max(bid_price, key) FILTER (WHERE bid_price IS NOT NULL) AS bid_price,
           arg_max(bid_size, key) FILTER (WHERE bid_price IS NOT NULL) AS bid_size,
           max(key) FILTER (WHERE bid_price IS NOT NULL) AS bid_key,
           arg_max(ask_price, key) FILTER (WHERE ask_price IS NOT NULL) AS ask_price,
           arg_max(ask_size, key) FILTER (WHERE ask_price IS NOT NULL) AS ask_size,
           max(key) FILTER (WHERE ask_price IS NOT NULL) AS ask_key,
           arg_max(last_price, key) FILTER (WHERE last_price IS NOT NULL) AS last_price,
           arg_max(last_size, key) FILTER (WHERE last_price IS NOT NULL) AS last_size,
           max(key) FILTER (WHERE last_price IS NOT NULL) AS last_key,
           max(timestamp) AS latest_tick_time
    FROM k GROUP BY exchange, symbol
)
SELECT exchange, symbol,
       bid_price, bid_size, make_timestamp(bid_key.t), bid_key.s, bid_key.j,
       ask_price, ask_size, make_timestamp(ask_key.t), ask_key.s, ask_key.j,
       last_price, last_size, make_timestamp(last_key.t), last_key.s, last_key.j,
       latest_tick_time
FROM latest;

-- portfolio_state: what fills moved the cash by (sells - buys - commission - fees), exact; cash is
-- portfolio.starting_cash plus this. Written in the same transaction as the fills.
CREATE TABLE portfolio_state (
    id         INTEGER        PRIMARY KEY CHECK (id = 1),
    cash_flows DECIMAL(38,16) NOT NULL
);
INSERT INTO portfolio_state
SELECT 1, coalesce(sum(CASE side WHEN 'sell' THEN quantity::DECIMAL(38,8) * price::DECIMAL(38,8)
                                 ELSE -(quantity::DECIMAL(38,8) * price::DECIMAL(38,8)) END), 0)
          - coalesce(sum(coalesce(commission, 0) + coalesce(fees, 0)), 0)
FROM trades;
