-- Cluster membership for Orleans' ADO.NET clustering provider, on PostgreSQL.
-- The provider binds @DeploymentId (the cluster id), @Address, @Port, @Generation (a silo's identity), @SiloName,
-- @HostName, @Status, @ProxyPort (gateway port), @StartTime, @IAmAliveTime, @SuspectTimes, and @Version (the table
-- version it read). It reads columns by name, so result columns are quoted. Every read returns the version row
-- (with or without members); every insert or update of a member also advances the version, and only when the
-- version is still the one the silo read: that is the optimistic concurrency membership relies on.
-- Times are timestamptz (UTC).

CREATE TABLE IF NOT EXISTS membership_version (
    cluster_id  varchar(150) NOT NULL PRIMARY KEY,
    version     integer      NOT NULL,
    modified_at timestamptz  NOT NULL
);

CREATE TABLE IF NOT EXISTS membership (
    cluster_id      varchar(150) NOT NULL REFERENCES membership_version (cluster_id),
    address         varchar(45)  NOT NULL,
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer      NOT NULL,
    proxy_port      integer      NULL,
    suspect_times   varchar(8000) NULL,
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', '
WITH inserted AS (
    INSERT INTO membership_version (cluster_id, version, modified_at)
    VALUES (@DeploymentId, 0, now())
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT COUNT(*)::integer FROM inserted;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', '
WITH advanced AS (
    UPDATE membership_version
    SET version = version + 1, modified_at = now()
    WHERE cluster_id = @DeploymentId AND version = @Version
      AND NOT EXISTS (SELECT 1 FROM membership
                      WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING cluster_id
), inserted AS (
    INSERT INTO membership (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM advanced
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT COUNT(*)::integer FROM inserted;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', '
WITH advanced AS (
    UPDATE membership_version
    SET version = version + 1, modified_at = now()
    WHERE cluster_id = @DeploymentId AND version = @Version
    RETURNING cluster_id
), updated AS (
    UPDATE membership AS m
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    FROM advanced
    WHERE m.cluster_id = advanced.cluster_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1
)
SELECT COUNT(*)::integer FROM updated;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', '
UPDATE membership
SET i_am_alive_time = @IAmAliveTime
WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', '
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM membership_version AS v
LEFT JOIN membership AS m
       ON m.cluster_id = v.cluster_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.cluster_id = @DeploymentId;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', '
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM membership_version AS v
LEFT JOIN membership AS m ON m.cluster_id = v.cluster_id
WHERE v.cluster_id = @DeploymentId;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', '
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM membership
WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', '
DELETE FROM membership WHERE cluster_id = @DeploymentId;
DELETE FROM membership_version WHERE cluster_id = @DeploymentId;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Status 3 is Active: only silos that are no longer active and have not said they are alive since @IAmAliveTime go.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', '
DELETE FROM membership
WHERE cluster_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3;
') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
