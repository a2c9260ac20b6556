-- Device types and profiles. A type is what a sensor is (the kinds rules are scoped to: devices.kind); a profile is
-- how one model of it talks: its codec, how its payload fields map to canonical metrics (CONTRACTS section 3), their
-- units, and the report interval it is configured with. Built-in profiles (tenant_id NULL) are shared by every
-- municipality and changed only by a superadmin; a municipality may add its own. A device may name its profile.

-- The catalogue of device types; the same for every municipality, so readable by all and written only by a superadmin.
CREATE TABLE device_types (
    id           text PRIMARY KEY CHECK (id ~ '^[a-z0-9_]{1,64}$'),
    name         text NOT NULL,
    metrics      text[] NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now()
);

INSERT INTO device_types (id, name, metrics) VALUES
    ('rain_gauge', 'Rain gauge', '{rain_mm,rain_rate_mmh,battery_v,temperature_c}'),
    ('river_level', 'River level station', '{water_level_m,battery_v,temperature_c}'),
    ('soil_moisture', 'Soil moisture and pore pressure probe', '{soil_moisture_pct,pore_pressure_kpa,battery_v,temperature_c}'),
    ('tilt_meter', 'Tilt meter and extensometer', '{tilt_x_deg,tilt_y_deg,displacement_mm,battery_v,temperature_c}'),
    ('unknown', 'Not yet typed (registered automatically)', '{}');

CREATE TABLE device_profiles (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- NULL: a built-in profile every municipality sees.
    tenant_id          uuid REFERENCES tenants (id),
    name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    device_type        text NOT NULL REFERENCES device_types (id),
    codec              text NOT NULL CHECK (codec IN ('json', 'cayenne_lpp', 'chirpstack', 'the_things_stack', 'sms', 'gprs', 'javascript')),
    -- Payload field -> canonical metric, e.g. {"WL": "water_level_m"} or {"analog_in_2": "battery_v"}; {} when the
    -- device already sends canonical names.
    metric_mapping     jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metric_mapping) = 'object'),
    -- Canonical metric -> unit as the device reports it, e.g. {"water_level_m": "m"}; conversions are the codec's job.
    units              jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(units) = 'object'),
    report_interval_s  integer NOT NULL DEFAULT 60 CHECK (report_interval_s BETWEEN 1 AND 86400),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX device_profiles_name ON device_profiles (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));

ALTER TABLE devices ADD COLUMN profile_id uuid REFERENCES device_profiles (id);
CREATE INDEX devices_profile ON devices (profile_id) WHERE profile_id IS NOT NULL;

ALTER TABLE device_types ENABLE ROW LEVEL SECURITY;
ALTER TABLE device_types FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON device_types USING (true) WITH CHECK (app_superadmin());

ALTER TABLE device_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE device_profiles FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON device_profiles
    USING (tenant_id IS NULL OR tenant_id = app_tenant() OR app_superadmin())
    WITH CHECK (tenant_id = app_tenant() OR app_superadmin());

GRANT SELECT, INSERT, UPDATE, DELETE ON device_types, device_profiles TO edge_app;
