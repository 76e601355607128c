-- tickstore schema, version 3: positions kept by the writer from fills, their history, and
-- portfolio snapshots. Amounts that are sums of price x quantity (PnL, cash, values) have 16
-- decimals, so they are exact; prices and quantities stay DECIMAL(18,8).
-- Market value and unrealized PnL depend on the latest trade price and are computed when read.
-- These tables had no writer before this version, so they are recreated empty.

DROP TABLE positions;
CREATE TABLE positions (
    exchange            VARCHAR        NOT NULL,
    symbol              VARCHAR        NOT NULL,
    strategy_id         VARCHAR        NOT NULL,  -- '' when the orders carry none
    side                VARCHAR        NOT NULL,  -- long, short, flat
    quantity            DECIMAL(18,8)  NOT NULL,  -- signed: negative when short
    average_entry_price DECIMAL(18,8),            -- NULL when flat
    realized_pnl        DECIMAL(38,16) NOT NULL,  -- net of commission and fees
    fees                DECIMAL(38,16) NOT NULL,  -- commission + fees paid (negative = rebates)
    fill_count          BIGINT         NOT NULL,
    last_fill_price     DECIMAL(18,8)  NOT NULL,
    updated_at          TIMESTAMP      NOT NULL,  -- executed_at of the last fill
    journal_index       BIGINT         NOT NULL,
    PRIMARY KEY (exchange, symbol, strategy_id)
);

-- One row per fill: the position right after it.
CREATE TABLE position_snapshots (
    exchange            VARCHAR        NOT NULL,
    symbol              VARCHAR        NOT NULL,
    strategy_id         VARCHAR        NOT NULL,
    time                TIMESTAMP      NOT NULL,  -- the fill's executed_at
    trade_id            VARCHAR        NOT NULL,
    fill_side           VARCHAR        NOT NULL,
    fill_quantity       DECIMAL(18,8)  NOT NULL,
    fill_price          DECIMAL(18,8)  NOT NULL,
    side                VARCHAR        NOT NULL,
    quantity            DECIMAL(18,8)  NOT NULL,
    average_entry_price DECIMAL(18,8),
    realized_pnl        DECIMAL(38,16) NOT NULL,
    journal_index       BIGINT         NOT NULL
);

DROP TABLE portfolio_snapshots;
CREATE TABLE portfolio_snapshots (
    snapshot_time   TIMESTAMP      NOT NULL,
    snapshot_type   VARCHAR        NOT NULL,  -- intraday, eod
    cash            DECIMAL(38,16) NOT NULL,
    positions_value DECIMAL(38,16) NOT NULL,  -- sum of quantity x latest trade price (short = negative)
    equity          DECIMAL(38,16) NOT NULL,  -- cash + positions_value
    total_pnl       DECIMAL(38,16) NOT NULL,  -- equity - starting cash
    daily_pnl       DECIMAL(38,16) NOT NULL,  -- equity - equity of the last eod snapshot (or starting cash)
    open_positions  INTEGER        NOT NULL,
    long_positions  INTEGER        NOT NULL,
    short_positions INTEGER        NOT NULL,
    peak_equity     DECIMAL(38,16) NOT NULL,
    max_drawdown    DECIMAL(38,16) NOT NULL,  -- largest fall from a previous peak of equity, as an amount
    PRIMARY KEY (snapshot_time, snapshot_type)
);
