-- The PostgreSQL mirror's tables, version 1. Run inside the mirror's schema (search_path).
-- Names and columns follow the DuckDB tables (store/src/main/resources/db/migration); prices and
-- sizes are numeric(18,8), sums of price x quantity numeric(38,16), times timestamptz (UTC, microseconds).
-- Keys make every write idempotent: a batch written twice changes nothing.

CREATE TABLE market_ticks (
    exchange        text          NOT NULL,
    symbol          text          NOT NULL,
    timestamp       timestamptz   NOT NULL,
    bid_price       numeric(18,8),
    ask_price       numeric(18,8),
    bid_size        numeric(18,8),
    ask_size        numeric(18,8),
    last_price      numeric(18,8),
    last_size       numeric(18,8),
    volume          numeric(18,8),
    sequence_number bigint        NOT NULL,
    conditions      text,
    tape            text,
    journal_index   bigint        NOT NULL,
    -- The dedupe key, with the time column a TimescaleDB hypertable needs in every unique index.
    UNIQUE (exchange, symbol, sequence_number, timestamp)
);

CREATE TABLE orders (
    order_id           text          PRIMARY KEY,
    client_order_id    text,
    exchange           text          NOT NULL,
    symbol             text          NOT NULL,
    strategy_id        text,
    side               text          NOT NULL,
    order_type         text          NOT NULL,
    time_in_force      text          NOT NULL,
    quantity           numeric(18,8) NOT NULL,
    price              numeric(18,8),
    stop_price         numeric(18,8),
    status             text          NOT NULL,
    filled_quantity    numeric(18,8) NOT NULL,
    average_fill_price numeric(18,8),
    created_at         timestamptz   NOT NULL,
    updated_at         timestamptz   NOT NULL,
    journal_index      bigint        NOT NULL
);

CREATE TABLE trades (
    trade_id          text          PRIMARY KEY,
    order_id          text,
    exchange          text          NOT NULL,
    symbol            text          NOT NULL,
    strategy_id       text,
    side              text          NOT NULL,
    quantity          numeric(18,8) NOT NULL,
    price             numeric(18,8) NOT NULL,
    executed_at       timestamptz   NOT NULL,
    commission        numeric(18,8),
    fees              numeric(18,8),
    exchange_trade_id text,
    liquidity         text,
    journal_index     bigint        NOT NULL
);
CREATE INDEX trades_executed_at ON trades (executed_at);

CREATE TABLE positions (
    exchange            text           NOT NULL,
    symbol              text           NOT NULL,
    strategy_id         text           NOT NULL,
    side                text           NOT NULL,
    quantity            numeric(18,8)  NOT NULL,
    average_entry_price numeric(18,8),
    realized_pnl        numeric(38,16) NOT NULL,
    fees                numeric(38,16) NOT NULL,
    fill_count          bigint         NOT NULL,
    last_fill_price     numeric(18,8)  NOT NULL,
    updated_at          timestamptz    NOT NULL,
    journal_index       bigint         NOT NULL,
    PRIMARY KEY (exchange, symbol, strategy_id)
);

CREATE TABLE position_snapshots (
    exchange            text           NOT NULL,
    symbol              text           NOT NULL,
    strategy_id         text           NOT NULL,
    time                timestamptz    NOT NULL,
    trade_id            text           PRIMARY KEY,
    fill_side           text           NOT NULL,
    fill_quantity       numeric(18,8)  NOT NULL,
    fill_price          numeric(18,8)  NOT NULL,
    side                text           NOT NULL,
    quantity            numeric(18,8)  NOT NULL,
    average_entry_price numeric(18,8),
    realized_pnl        numeric(38,16) NOT NULL,
    journal_index       bigint         NOT NULL
);

CREATE TABLE portfolio_snapshots (
    snapshot_time   timestamptz    NOT NULL,
    snapshot_type   text           NOT NULL,
    cash            numeric(38,16) NOT NULL,
    positions_value numeric(38,16) NOT NULL,
    equity          numeric(38,16) NOT NULL,
    total_pnl       numeric(38,16) NOT NULL,
    daily_pnl       numeric(38,16) NOT NULL,
    open_positions  integer        NOT NULL,
    long_positions  integer        NOT NULL,
    short_positions integer        NOT NULL,
    peak_equity     numeric(38,16) NOT NULL,
    max_drawdown    numeric(38,16) NOT NULL,
    PRIMARY KEY (snapshot_time, snapshot_type)
);

-- The state the mirror keeps beside its rows (as DuckDB's feed_state and portfolio_state), read back at
-- start-up so that positions and portfolio snapshots continue exactly.
CREATE TABLE feed_state (
    exchange            text          NOT NULL,
    symbol              text          NOT NULL,
    bid_price           numeric(18,8),
    bid_size            numeric(18,8),
    bid_time            timestamptz,
    bid_sequence        bigint,
    bid_journal_index   bigint,
    ask_price           numeric(18,8),
    ask_size            numeric(18,8),
    ask_time            timestamptz,
    ask_sequence        bigint,
    ask_journal_index   bigint,
    last_price          numeric(18,8),
    last_size           numeric(18,8),
    last_time           timestamptz,
    last_sequence       bigint,
    last_journal_index  bigint,
    latest_tick_time    timestamptz   NOT NULL,
    PRIMARY KEY (exchange, symbol)
);

CREATE TABLE portfolio_state (
    id         integer        PRIMARY KEY CHECK (id = 1),
    cash_flows numeric(38,16) NOT NULL
);
INSERT INTO portfolio_state VALUES (1, 0);

-- The journal index of the last message the mirror holds, written in the same transaction as the rows.
CREATE TABLE journal_applied (
    id            integer     PRIMARY KEY CHECK (id = 1),
    applied_index bigint      NOT NULL,
    updated_at    timestamptz NOT NULL
);
INSERT INTO journal_applied VALUES (1, -1, now());

-- DuckDB's epoch_us, so the store's start-up state reader (StoredState) runs here unchanged.
CREATE FUNCTION epoch_us(t timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;
