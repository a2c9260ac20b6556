-- Zone warning levels (issue 7): each zone's state, normal < advisory < watch < warning < evacuate, derived from the
-- hazard alerts of the sensors inside it (Alerts/ZoneLevels) with corroboration, hysteresis and a minimum dwell time,
-- or set by an admin's override. The state holds what is needed to judge the next step; every change of the level
-- in force is a zone_warning_events row with its cause and who.

CREATE TABLE zone_warning_states (
    zone_id           uuid PRIMARY KEY REFERENCES zones (id),
    tenant_id         uuid NOT NULL REFERENCES tenants (id),
    -- The level derived from the sensors (after hysteresis and dwell), and since when.
    derived_level     text NOT NULL DEFAULT 'normal' CHECK (derived_level IN ('normal', 'advisory', 'watch', 'warning', 'evacuate')),
    derived_since     timestamptz NOT NULL,
    -- Since when the sensors have asked for less than derived_level (NULL: they have not).
    lower_since       timestamptz,
    -- An admin's override: the level in force while set (until override_until when given).
    override_level    text CHECK (override_level IN ('normal', 'advisory', 'watch', 'warning', 'evacuate')),
    override_by       text,
    override_reason   text,
    override_until    timestamptz,
    -- The level in force: the override when set, else the derived level.
    level             text NOT NULL DEFAULT 'normal' CHECK (level IN ('normal', 'advisory', 'watch', 'warning', 'evacuate')),
    updated_at        timestamptz NOT NULL
);
CREATE INDEX zone_warning_states_tenant ON zone_warning_states (tenant_id, level);

CREATE TABLE zone_warning_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    zone_id         uuid NOT NULL REFERENCES zones (id),
    level           text NOT NULL,
    previous_level  text NOT NULL,
    -- 'derived' (the sensors), 'override' (an admin set it), 'override-ended' (cleared or expired).
    cause           text NOT NULL CHECK (cause IN ('derived', 'override', 'override-ended')),
    actor           text NOT NULL,
    details         jsonb,
    at              timestamptz NOT NULL
);
CREATE INDEX zone_warning_events_zone ON zone_warning_events (tenant_id, zone_id, at);

ALTER TABLE zone_warning_states ENABLE ROW LEVEL SECURITY;
ALTER TABLE zone_warning_states FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON zone_warning_states USING (tenant_id = app_tenant() OR app_superadmin())
    WITH CHECK (tenant_id = app_tenant() OR app_superadmin());

ALTER TABLE zone_warning_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE zone_warning_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON zone_warning_events USING (tenant_id = app_tenant() OR app_superadmin())
    WITH CHECK (tenant_id = app_tenant() OR app_superadmin());

GRANT SELECT, INSERT, UPDATE ON zone_warning_states TO edge_app;
GRANT SELECT, INSERT ON zone_warning_events TO edge_app;
