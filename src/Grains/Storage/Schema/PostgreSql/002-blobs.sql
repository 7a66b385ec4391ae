-- Image bytes for the PostgreSQL blob store: one row per key, bytes stored once (keys are content hashes).
CREATE TABLE IF NOT EXISTS blobs (
    key        varchar(128) NOT NULL PRIMARY KEY,
    content    bytea        NOT NULL,
    size_bytes bigint       NOT NULL,
    created_at timestamptz  NOT NULL DEFAULT now()
);
