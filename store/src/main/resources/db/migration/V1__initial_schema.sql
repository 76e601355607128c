-- tickstore schema, version 1.
-- Prices and sizes are DECIMAL(18,8). Times are TIMESTAMP holding UTC, microsecond precision.
-- journal_index is the Chronicle journal index of the message that wrote the row (arrival order).

CREATE TABLE market_ticks (
    exchange        VARCHAR       NOT NULL,
    symbol          VARCHAR       NOT NULL,
    timestamp       TIMESTAMP     NOT NULL,
    bid_price       DECIMAL(18,8),
    ask_price       DECIMAL(18,8),
    bid_size        DECIMAL(18,8),
    ask_size        DECIMAL(18,8),
    last_price      DECIMAL(18,8),
    last_size       DECIMAL(18,8),
    volume          DECIMAL(18,8),
    sequence_number BIGINT        NOT NULL,
    conditions      VARCHAR,
    tape            VARCHAR,
    journal_index   BIGINT        NOT NULL
);

-- Bars are kept as mergeable state: open/close remember which tick set them, price_volume is
-- sum(price * size) so vwap = price_volume / volume, and a late tick can be merged in exactly.
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
    vwap                DECIMAL(18,8),
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

CREATE TABLE orders (
    order_id           VARCHAR       PRIMARY KEY,
    client_order_id    VARCHAR,
    exchange           VARCHAR       NOT NULL,
    symbol             VARCHAR       NOT NULL,
    strategy_id        VARCHAR,
    side               VARCHAR       NOT NULL,
    order_type         VARCHAR       NOT NULL,
    time_in_force      VARCHAR       NOT NULL,
    quantity           DECIMAL(18,8) NOT NULL,
    price              DECIMAL(18,8),
    stop_price         DECIMAL(18,8),
    status             VARCHAR       NOT NULL,
    filled_quantity    DECIMAL(18,8) NOT NULL,
    average_fill_price DECIMAL(18,8),
    created_at         TIMESTAMP     NOT NULL,
    updated_at         TIMESTAMP     NOT NULL,
    journal_index      BIGINT        NOT NULL
);

CREATE TABLE trades (
    trade_id          VARCHAR       NOT NULL,
    order_id          VARCHAR,
    exchange          VARCHAR       NOT NULL,
    symbol            VARCHAR       NOT NULL,
    strategy_id       VARCHAR,
    side              VARCHAR       NOT NULL,
    quantity          DECIMAL(18,8) NOT NULL,
    price             DECIMAL(18,8) NOT NULL,
    executed_at       TIMESTAMP     NOT NULL,
    commission        DECIMAL(18,8),
    fees              DECIMAL(18,8),
    exchange_trade_id VARCHAR,
    liquidity         VARCHAR,
    journal_index     BIGINT        NOT NULL
);

CREATE TABLE positions (
    exchange            VARCHAR       NOT NULL,
    symbol              VARCHAR       NOT NULL,
    strategy_id         VARCHAR       NOT NULL,
    side                VARCHAR       NOT NULL,
    quantity            DECIMAL(18,8) NOT NULL,
    average_entry_price DECIMAL(18,8),
    realized_pnl        DECIMAL(18,8) NOT NULL,
    unrealized_pnl      DECIMAL(18,8),
    market_value        DECIMAL(18,8),
    last_price          DECIMAL(18,8),
    updated_at          TIMESTAMP     NOT NULL,
    journal_index       BIGINT        NOT NULL,
    PRIMARY KEY (exchange, symbol, strategy_id)
);

CREATE TABLE portfolio_snapshots (
    snapshot_time   TIMESTAMP     NOT NULL,
    snapshot_type   VARCHAR       NOT NULL,
    cash            DECIMAL(18,8) NOT NULL,
    portfolio_value DECIMAL(18,8) NOT NULL,
    equity          DECIMAL(18,8) NOT NULL,
    total_pnl       DECIMAL(18,8) NOT NULL,
    daily_pnl       DECIMAL(18,8) NOT NULL,
    open_positions  INTEGER       NOT NULL,
    long_positions  INTEGER       NOT NULL,
    short_positions INTEGER       NOT NULL,
    max_drawdown    DECIMAL(18,8) NOT NULL,
    PRIMARY KEY (snapshot_time, snapshot_type)
);

-- Operational series; values are measurements, not money, so DOUBLE is right here.
CREATE TABLE system_metrics (
    time   TIMESTAMP NOT NULL,
    name   VARCHAR   NOT NULL,
    value  DOUBLE    NOT NULL,
    labels VARCHAR
);

CREATE TABLE application_logs (
    time    TIMESTAMP NOT NULL,
    level   VARCHAR   NOT NULL,
    logger  VARCHAR   NOT NULL,
    message VARCHAR   NOT NULL,
    context VARCHAR
);

-- The journal index the store has applied, committed in the same transaction as the rows it covers.
CREATE TABLE journal_applied (
    id            INTEGER   PRIMARY KEY CHECK (id = 1),
    applied_index BIGINT    NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
INSERT INTO journal_applied VALUES (1, -1, now()::TIMESTAMP);
