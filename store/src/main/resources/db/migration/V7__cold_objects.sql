-- tickstore schema, version 7: the cold tier's copy in S3 (lifecycle.s3.*).
--
-- A cold file (cold_partitions.path) is in one of three states:
--   local     no row here: only the local file under lifecycle.cold_dir;
--   uploaded  the object is in the bucket, verified (size and SHA-256 re-read), and the local file kept;
--   s3-only   the local file is dropped (or about to be): readers fetch the object into the local cache.
-- A row is inserted only after the object was verified, and set to s3-only before the local file is
-- deleted, each in one transaction: a kill -9 at any step leaves every partition in exactly one state.
-- A row whose path is no longer in cold_partitions (a newer version replaced it, or retention dropped
-- it) names an object the next pass deletes, then the row.
CREATE TABLE cold_objects (
    path        VARCHAR   NOT NULL PRIMARY KEY,  -- the cold file, relative to lifecycle.cold_dir
    object_key  VARCHAR   NOT NULL,              -- its key in lifecycle.s3.bucket
    bytes       BIGINT    NOT NULL,
    sha256      VARCHAR   NOT NULL,              -- lower-case hex, also the object's x-amz-meta-sha256
    state       VARCHAR   NOT NULL CHECK (state IN ('uploaded', 's3-only')),
    uploaded_at TIMESTAMP NOT NULL,
    local_dropped_at TIMESTAMP                   -- when it became s3-only
);
