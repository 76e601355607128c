-- The PostgreSQL mirror, version 3: what hybrid reads (mirror.postgres.serve_reads) of orders, trades,
-- position_snapshots and portfolio_snapshots need.

-- DuckDB's make_timestamp(micros), so the store's readers' queries (their range and cursor conditions
-- bind epoch microseconds as make_timestamp(?)) run here unchanged. Exact: the whole seconds and the
-- remaining microseconds are two interval products, each far inside a double's 53 bits; negative times
-- too (both parts truncate towards zero). A one-argument overload: pg_catalog's make_timestamp takes six.
CREATE FUNCTION make_timestamp(micros bigint) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT timestamptz '1970-01-01 00:00:00+00' + (micros / 1000000) * interval '1 second'
        + (micros % 1000000) * interval '1 microsecond' $$;

-- The time columns those ranges are over (trades has one on executed_at since version 1, and
-- portfolio_snapshots' key starts with snapshot_time).
CREATE INDEX orders_created_at ON orders (created_at);
CREATE INDEX position_snapshots_time ON position_snapshots (time);
