-- Grain state for Orleans' ADO.NET grain storage provider, on SQLite.
-- The provider reads its four statements from OrleansQuery at start-up and binds these parameters:
-- @ServiceId, @GrainTypeString (the state name), @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
-- @GrainIdHash, @GrainTypeHash (unused here: the primary key already is the lookup), @GrainStateVersion, @PayloadBinary.
-- Each write statement answers a row only when it changed one: an empty answer is how the provider
-- learns of a version conflict.

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS GrainState (
    ServiceId  TEXT    NOT NULL,
    StateName  TEXT    NOT NULL,
    KeyN0      INTEGER NOT NULL,
    KeyN1      INTEGER NOT NULL,
    KeyText    TEXT    NOT NULL, -- '' when the grain key has no string part
    Payload    BLOB    NULL,
    Version    INTEGER NOT NULL,
    ModifiedAt TEXT    NOT NULL,
    PRIMARY KEY (ServiceId, StateName, KeyN0, KeyN1, KeyText)
) WITHOUT ROWID;

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT Payload AS PayloadBinary, Version
FROM GrainState
WHERE ServiceId = @ServiceId AND StateName = @GrainTypeString
  AND KeyN0 = @GrainIdN0 AND KeyN1 = @GrainIdN1 AND KeyText = COALESCE(@GrainIdExtensionString, '''');
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
UPDATE GrainState
SET Payload = @PayloadBinary, Version = Version + 1, ModifiedAt = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE ServiceId = @ServiceId AND StateName = @GrainTypeString
  AND KeyN0 = @GrainIdN0 AND KeyN1 = @GrainIdN1 AND KeyText = COALESCE(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;

INSERT INTO GrainState (ServiceId, StateName, KeyN0, KeyN1, KeyText, Payload, Version, ModifiedAt)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''),
       @PayloadBinary, 1, strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING Version AS NewGrainStateVersion;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE GrainState
SET Payload = NULL, Version = Version + 1, ModifiedAt = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE ServiceId = @ServiceId AND StateName = @GrainTypeString
  AND KeyN0 = @GrainIdN0 AND KeyN1 = @GrainIdN1 AND KeyText = COALESCE(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion
RETURNING Version;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM GrainState
WHERE ServiceId = @ServiceId AND StateName = @GrainTypeString
  AND KeyN0 = @GrainIdN0 AND KeyN1 = @GrainIdN1 AND KeyText = COALESCE(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion
RETURNING Version + 1;
');
