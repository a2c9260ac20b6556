-- Hourly rollup of readings per device and metric: min, max, sum, count and the last value with its time and id
-- (the raw query's tie-break is ts, then id). The history chart (GET .../readings?bucket=1h and any whole number of
-- hours) reads it instead of aggregating every reading (docs/cloud-storage.md). Ingest maintains it set-based in the
-- same statement that inserts the readings, from the rows actually inserted (ReadingStore): duplicates and refused
-- readings never count, a late reading updates its own hour, and `last` only moves forward in measurement time.
--
-- Every batch updates its devices' current hours in place: the partitions leave 30% of each page free (fillfactor 70)
-- so that those updates stay on their page without a new index entry (HOT updates; docs/cloud-storage.md).
--
-- Partitioned like readings, one partition per UTC week of the hour, so that retention drops the same weeks of both.
-- Readings loaded without ingest (a restore, the benchmark) are rolled up by readings_hourly_rebuild.

SELECT set_config('app.superadmin', 'on', true);

CREATE TABLE readings_hourly (
    tenant_id  uuid NOT NULL,
    device_id  text NOT NULL,
    metric     text NOT NULL,
    hour       timestamptz NOT NULL,
    min        float8 NOT NULL,
    max        float8 NOT NULL,
    sum        float8 NOT NULL,
    count      bigint NOT NULL,
    last_ts    timestamptz NOT NULL,
    last_id    text NOT NULL,
    last       float8 NOT NULL,
    PRIMARY KEY (tenant_id, device_id, metric, hour)
) PARTITION BY RANGE (hour);

SELECT readings_protect('readings_hourly');
CREATE TABLE readings_hourly_default PARTITION OF readings_hourly DEFAULT WITH (fillfactor = 70);
SELECT readings_protect('readings_hourly_default');

-- Creates the rollup partition of the week starting at week_start (readings_hourly_YYYYMMDD) unless it exists,
-- moving the week's rows out of the default partition first; returns its name, or NULL when it existed already.
CREATE FUNCTION readings_hourly_create_partition(week_start timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    week_end timestamptz := week_start + interval '7 days';
    name text := 'readings_hourly_' || to_char(week_start AT TIME ZONE 'UTC', 'YYYYMMDD');
BEGIN
    IF week_start <> readings_week(week_start) THEN
        RAISE EXCEPTION 'readings partitions start on a Monday 00:00 UTC, not at %', week_start;
    END IF;
    IF to_regclass(name) IS NOT NULL THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('app.superadmin', 'on', true);
    EXECUTE format('CREATE TABLE %I (LIKE readings_hourly INCLUDING DEFAULTS INCLUDING CONSTRAINTS) WITH (fillfactor = 70)', name);
    EXECUTE format('WITH moved AS (DELETE FROM readings_hourly_default WHERE hour >= $1 AND hour < $2 RETURNING *) '
                   'INSERT INTO %I SELECT * FROM moved', name) USING week_start, week_end;
    EXECUTE format('ALTER TABLE readings_hourly ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, week_start, week_end);
    PERFORM readings_protect(name::regclass);
    RETURN name;
END
$$;

-- A week's readings partition and its rollup partition are made together (the rollup's first, as the readings'
-- may exist already from before this migration).
CREATE OR REPLACE FUNCTION readings_create_partition(week_start timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    week_end timestamptz := week_start + interval '7 days';
    name text := 'readings_' || to_char(week_start AT TIME ZONE 'UTC', 'YYYYMMDD');
BEGIN
    IF week_start <> readings_week(week_start) THEN
        RAISE EXCEPTION 'readings partitions start on a Monday 00:00 UTC, not at %', week_start;
    END IF;
    PERFORM readings_hourly_create_partition(week_start);
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

-- As in 0006, and weeks with rollup rows waiting in its default partition get their partitions as well.
CREATE OR REPLACE FUNCTION readings_ensure_partitions(at_time timestamptz, weeks_ahead integer, older_than timestamptz) RETURNS SETOF text
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
        UNION
        SELECT DISTINCT readings_week(hour) FROM readings_hourly_default WHERE older_than IS NULL OR hour >= readings_week(older_than)
        ORDER BY 1
    LOOP
        created := readings_create_partition(week);
        IF created IS NOT NULL THEN
            RETURN NEXT created;
        END IF;
    END LOOP;
END
$$;

-- Whole weeks entirely older than cutoff are dropped from readings and from the rollup alike; older rows in the
-- default partitions are deleted (a rollup hour only once it has ended before the cutoff).
CREATE OR REPLACE FUNCTION readings_drop_older_than(cutoff timestamptz) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    part record;
BEGIN
    PERFORM set_config('app.superadmin', 'on', true);
    FOR part IN
        SELECT c.relname AS name, (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz AS upper_bound
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent IN ('readings'::regclass, 'readings_hourly'::regclass)
          AND c.relname NOT IN ('readings_default', 'readings_hourly_default')
        ORDER BY 2, 1
    LOOP
        IF part.upper_bound <= cutoff THEN
            EXECUTE format('DROP TABLE %I', part.name);
            RETURN NEXT part.name;
        END IF;
    END LOOP;
    DELETE FROM readings_default WHERE ts < cutoff;
    DELETE FROM readings_hourly_default WHERE hour + interval '1 hour' <= cutoff;
END
$$;

-- Recomputes the rollup of the hours touching [from_ts, to_ts) (NULL: unbounded) from the stored readings.
CREATE FUNCTION readings_hourly_rebuild(from_ts timestamptz, to_ts timestamptz) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    first_hour timestamptz := date_bin('1 hour', from_ts, TIMESTAMPTZ '2000-01-01 00:00:00+00');
    end_hour timestamptz := date_bin('1 hour', to_ts - interval '1 microsecond', TIMESTAMPTZ '2000-01-01 00:00:00+00') + interval '1 hour';
    rows bigint;
BEGIN
    PERFORM set_config('app.superadmin', 'on', true);
    DELETE FROM readings_hourly WHERE (first_hour IS NULL OR hour >= first_hour) AND (end_hour IS NULL OR hour < end_hour);
    INSERT INTO readings_hourly (tenant_id, device_id, metric, hour, min, max, sum, count, last_ts, last_id, last)
    SELECT tenant_id, device_id, metric, hour, min(v), max(v), sum(v), count(*),
           (array_agg(ts ORDER BY ts DESC, id DESC))[1], (array_agg(id ORDER BY ts DESC, id DESC))[1],
           (array_agg(v ORDER BY ts DESC, id DESC))[1]
    FROM (SELECT r.tenant_id, r.device_id, m.key AS metric, date_bin('1 hour', r.ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour,
                 r.ts, r.id, m.value::float8 AS v
          FROM readings r, jsonb_each_text(r."values") AS m
          WHERE (first_hour IS NULL OR r.ts >= first_hour) AND (end_hour IS NULL OR r.ts < end_hour)) AS x
    GROUP BY tenant_id, device_id, metric, hour;
    GET DIAGNOSTICS rows = ROW_COUNT;
    RETURN rows;
END
$$;

-- A rollup partition for every week readings has one, then the existing readings rolled up.
SELECT readings_hourly_create_partition((regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'))[1]::timestamptz)
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = 'readings'::regclass AND c.relname <> 'readings_default';
SELECT readings_hourly_rebuild(NULL, NULL);

GRANT SELECT, INSERT, UPDATE, DELETE ON readings_hourly TO edge_app;
