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

-- Orders page by (created_at, order_id) with order_id compared byte by byte, as DuckDB and the store's
-- cursors compare it: the column's collation, whatever the database's default is (a language collation
-- such as en-US puts 'b-1' before 'B-1', bytes put 'B-1' first).
ALTER TABLE orders ALTER COLUMN order_id SET DATA TYPE text COLLATE "C";
