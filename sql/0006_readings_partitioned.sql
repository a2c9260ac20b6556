-- Readings partitioned by measurement time: one partition per UTC week (Monday 00:00 to Monday 00:00), so that
-- retention drops whole partitions instead of deleting rows, and the partition being written stays small enough for
-- its indexes to live in memory (docs/cloud-storage.md says why a week). The existing rows move into the new table.
--
-- The primary key must contain the partition key, so it is (id, ts). Each id is still stored at most once: ingest
-- serialises a gateway's batches (a row lock on its gateways row) and checks, before inserting, every id that is not
-- above the gateway's highest stored sequence against all partitions (sql/0005, IngestStore).
--
-- A reading whose week has no partition is kept in readings_default; the maintenance job (Storage/) gives such weeks
-- their own partition, moving the rows, and the retention job deletes default rows older than the retention.

SELECT set_config('app.superadmin', 'on', true);

ALTER TABLE readings RENAME TO readings_unpartitioned;
ALTER INDEX readings_pkey RENAME TO readings_unpartitioned_pkey;
ALTER INDEX readings_device_ts RENAME TO readings_unpartitioned_device_ts;

CREATE TABLE readings (
    id           text NOT NULL,
    tenant_id    uuid NOT NULL,
    device_id    text NOT NULL REFERENCES devices (id),
    gateway_id   text NOT NULL,
    ts           timestamptz NOT NULL,
    received_at  timestamptz NOT NULL,
    ingested_at  timestamptz NOT NULL DEFAULT now(),
    source       text NOT NULL,
    seq          bigint,
    "values"     jsonb NOT NULL,
    radio        jsonb,
    PRIMARY KEY (id, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX readings_device_ts ON readings (tenant_id, device_id, ts DESC);

-- Row-level security on the parent confines every query through it; each partition gets the same policy as well
-- (nobody but the owner may open a partition directly, but the guard test and defence in depth want it everywhere).
CREATE FUNCTION readings_protect(partition regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', partition);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', partition);
    EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = app_tenant() OR app_superadmin()) '
                   'WITH CHECK (tenant_id = app_tenant() OR app_superadmin())', partition);
END
$$;

SELECT readings_protect('readings');
CREATE TABLE readings_default PARTITION OF readings DEFAULT;
SELECT readings_protect('readings_default');

-- The Monday 00:00 UTC that starts the week of ts.
CREATE FUNCTION readings_week(ts timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE
    AS $$ SELECT date_trunc('week', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' $$;

-- Creates the partition of the week starting at week_start (readings_YYYYMMDD) unless it exists, moving the week's
-- rows out of the default partition first; returns the partition's name, or NULL when it existed already.
CREATE FUNCTION readings_create_partition(week_start timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    week_end timestamptz := week_start + interval '7 days';
    name text := 'readings_' || to_char(week_start AT TIME ZONE 'UTC', 'YYYYMMDD');
BEGIN
    IF week_start <> readings_week(week_start) THEN
        RAISE EXCEPTION 'readings partitions start on a Monday 00:00 UTC, not at %', week_start;
    END IF;
    IF to_regclass(name) IS NOT NULL THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('app.superadmin', 'on', true);
    EXECUTE format('CREATE TABLE %I (LIKE readings INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
    EXECUTE format('WITH moved AS (DELETE FROM readings_default WHERE ts >= $1 AND ts < $2 RETURNING *) '
                   'INSERT INTO %I SELECT * FROM moved', name) USING week_start, week_end;
    EXECUTE format('ALTER TABLE readings ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, week_start, week_end);
    PERFORM readings_protect(name::regclass);
    RETURN name;
END
$$;

-- The partitions a running system needs: this week and the next ones, and every week that has rows waiting in the
-- default partition (late or back-filled readings), except weeks already past the retention (older_than).
CREATE FUNCTION readings_ensure_partitions(at_time timestamptz, weeks_ahead integer, older_than timestamptz) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    week timestamptz;
    created text;
BEGIN
    PERFORM set_config('app.superadmin', 'on', true);
    FOR week IN
        SELECT generate_series(readings_week(at_time), readings_week(at_time) + make_interval(days => 7 * weeks_ahead), interval '7 days')
        UNION
        SELECT DISTINCT readings_week(ts) FROM readings_default WHERE older_than IS NULL OR ts >= readings_week(older_than)
        ORDER BY 1
    LOOP
        created := readings_create_partition(week);
        IF created IS NOT NULL THEN
            RETURN NEXT created;
        END IF;
    END LOOP;
END
$$;

-- Whole partitions entirely older than cutoff are dropped; older rows in the default partition are deleted.
CREATE FUNCTION readings_drop_older_than(cutoff timestamptz) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    part record;
BEGIN
    PERFORM set_config('app.superadmin', 'on', true);
    FOR part IN
        SELECT c.relname AS name, (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz AS upper_bound
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'readings'::regclass AND c.relname <> 'readings_default'
        ORDER BY 2
    LOOP
        IF part.upper_bound <= cutoff THEN
            EXECUTE format('DROP TABLE %I', part.name);
            RETURN NEXT part.name;
        END IF;
    END LOOP;
    DELETE FROM readings_default WHERE ts < cutoff;
END
$$;

-- The existing rows: partitions for every week they cover and the next four, then the rows themselves.
SELECT readings_ensure_partitions(now(), 4, NULL);
SELECT readings_create_partition(w) FROM (SELECT DISTINCT readings_week(ts) AS w FROM readings_unpartitioned) AS weeks;
INSERT INTO readings SELECT id, tenant_id, device_id, gateway_id, ts, received_at, ingested_at, source, seq, "values", radio
FROM readings_unpartitioned;
DROP TABLE readings_unpartitioned;

GRANT SELECT, INSERT, UPDATE, DELETE ON readings TO edge_app;
