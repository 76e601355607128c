-- tickstore schema, version 6: the cold tier's manifest.
--
-- cold_partitions: one row per partition (table, exchange, UTC day) held in the cold tier, naming its
-- current Parquet file (relative to lifecycle.cold_dir). A move inserts this row and deletes the
-- partition's rows from the warm table in ONE transaction, so a reader's snapshot (and a restart
-- after kill -9) sees each row in exactly one tier. A late row for a moved partition is stored warm
-- as usual and the next move writes the next version of the file, replacing this row.
CREATE TABLE cold_partitions (
    table_name VARCHAR   NOT NULL,
    exchange   VARCHAR   NOT NULL,
    day        DATE      NOT NULL,
    version    INTEGER   NOT NULL,
    path       VARCHAR   NOT NULL,
    rows       BIGINT    NOT NULL,
    bytes      BIGINT    NOT NULL,
    min_time   TIMESTAMP NOT NULL,
    max_time   TIMESTAMP NOT NULL,
    checksum   HUGEINT   NOT NULL,  -- sum of hash(row) over the file's rows, see docs/lifecycle.md
    moved_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (table_name, exchange, day)
);

-- Files a newer version (or retention) replaced: readers whose snapshot predates the replacement may
-- still read them, so they are deleted only a while later (or at the next start).
CREATE TABLE cold_files_retired (
    path       VARCHAR   NOT NULL PRIMARY KEY,
    retired_at TIMESTAMP NOT NULL
);
