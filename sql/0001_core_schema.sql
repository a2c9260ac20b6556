-- Core schema: municipalities (tenants), people, gateways, devices, readings, the latest state per device,
-- edge alerts and dead letters. Forward-only: never edit an applied migration, add the next number.
-- PostGIS is created by the cluster's owner before migrations run (the set-up command and the test fixtures do it).

CREATE TABLE tenants (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name        text NOT NULL,
    boundary    geography(MultiPolygon, 4326),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id       uuid REFERENCES tenants (id),
    email           text NOT NULL,
    display_name    text NOT NULL,
    role            text NOT NULL CHECK (role IN ('superadmin', 'admin', 'operator', 'technician', 'viewer')),
    password_hash   text NOT NULL,
    failed_logins   integer NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((role = 'superadmin') = (tenant_id IS NULL))
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

-- A gateway authenticates with an API key; only its SHA-256 is stored (keys are 256-bit random values).
CREATE TABLE gateways (
    id              text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,64}$'),
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    name            text NOT NULL,
    api_key_sha256  bytea NOT NULL UNIQUE,
    location        geography(Point, 4326),
    last_seen_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gateways_tenant ON gateways (tenant_id);

CREATE TABLE devices (
    id               text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,64}$'),
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    gateway_id       text REFERENCES gateways (id),
    kind             text NOT NULL DEFAULT 'unknown',
    name             text NOT NULL,
    location         geography(Point, 4326),
    -- 'surveyed': placed by a technician; 'approximate': placed near its gateway when registered automatically.
    location_source  text NOT NULL DEFAULT 'surveyed' CHECK (location_source IN ('surveyed', 'approximate')),
    status           text NOT NULL DEFAULT 'active' CHECK (status IN ('provisioned', 'active', 'retired')),
    registered_by    text NOT NULL DEFAULT 'provisioning' CHECK (registered_by IN ('provisioning', 'auto')),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX devices_tenant ON devices (tenant_id, id);
CREATE INDEX devices_location ON devices USING gist (location);

-- One row per reading id ({gatewayId}:{journalSeq}); the primary key is what makes a resent reading a duplicate.
CREATE TABLE readings (
    id           text NOT NULL PRIMARY KEY,
    tenant_id    uuid NOT NULL,
    device_id    text NOT NULL REFERENCES devices (id),
    gateway_id   text NOT NULL,
    ts           timestamptz NOT NULL,
    received_at  timestamptz NOT NULL,
    ingested_at  timestamptz NOT NULL DEFAULT now(),
    source       text NOT NULL,
    seq          bigint,
    "values"     jsonb NOT NULL,
    radio        jsonb
);
CREATE INDEX readings_device_ts ON readings (tenant_id, device_id, ts DESC);

-- The newest value of every metric of a device, kept current by ingest in the same transaction as the readings.
CREATE TABLE device_latest (
    device_id     text PRIMARY KEY REFERENCES devices (id),
    tenant_id     uuid NOT NULL,
    reading_id    text NOT NULL,
    ts            timestamptz NOT NULL,
    "values"      jsonb NOT NULL,
    last_seen_at  timestamptz NOT NULL
);
CREATE INDEX device_latest_tenant ON device_latest (tenant_id);

-- Alerts raised or cleared at the edge, stored once per id as received (the alert engine builds on them).
CREATE TABLE edge_alerts (
    id           text PRIMARY KEY,
    tenant_id    uuid NOT NULL,
    device_id    text NOT NULL REFERENCES devices (id),
    gateway_id   text NOT NULL,
    rule         text NOT NULL,
    metric       text NOT NULL,
    severity     text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    state        text NOT NULL CHECK (state IN ('raised', 'cleared')),
    value        double precision NOT NULL,
    threshold    double precision NOT NULL,
    ts           timestamptz NOT NULL,
    origin       text NOT NULL,
    ingested_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX edge_alerts_device_ts ON edge_alerts (tenant_id, device_id, ts DESC);

-- Everything refused, with the reason, so that nothing disappears silently.
CREATE TABLE dead_letters (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   uuid,
    gateway_id  text,
    device_id   text,
    item_id     text,
    stage       text NOT NULL,
    reason      text NOT NULL,
    payload     jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dead_letters_created ON dead_letters (created_at DESC);
