-- The PostgreSQL mirror, version 3: DuckDB's make_timestamp(micros), so the store's readers' queries over
-- orders, trades, position_snapshots and portfolio_snapshots (their range and cursor conditions bind
-- epoch microseconds as make_timestamp(?)) run here unchanged for hybrid reads
-- (mirror.postgres.serve_reads). Exact: the whole seconds and the remaining microseconds are two
-- interval products, each far inside a double's 53 bits; negative times too (both parts truncate
-- towards zero). A one-argument overload: pg_catalog's make_timestamp takes six.
CREATE FUNCTION make_timestamp(micros bigint) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT timestamptz '1970-01-01 00:00:00+00' + (micros / 1000000) * interval '1 second'
        + (micros % 1000000) * interval '1 microsecond' $$;
