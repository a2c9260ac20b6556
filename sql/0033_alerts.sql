-- The cloud's alerts and their history. An alert is one condition at one place (a device, or a zone for an
-- alert about an area), raised by the edge (edge_alerts) or by the cloud's rules and risk model, and followed
-- through open -> acknowledged -> resolved by people in the control room. Every step is an alert_events row with
-- who, when and an optional comment; alerts holds the current state for quick listing. The alert engine that
-- writes them is a later piece of work (issue 7); this is its model.

CREATE TABLE alerts (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    device_id        text REFERENCES devices (id),
    zone_id          uuid REFERENCES zones (id),
    origin           text NOT NULL CHECK (origin IN ('edge', 'cloud', 'risk')),
    -- The edge alert that raised it (origin edge), and the rule version it was raised under, when there is one.
    edge_alert_id    text REFERENCES edge_alerts (id),
    rule_id          uuid,
    rule_version     integer,
    rule             text NOT NULL,
    metric           text,
    severity         text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    value            double precision,
    threshold        double precision,
    raised_at        timestamptz NOT NULL,
    -- The condition itself cleared (at the edge or in the cloud); people still resolve the alert.
    cleared_at       timestamptz,
    acknowledged_at  timestamptz,
    acknowledged_by  text,
    resolved_at      timestamptz,
    resolved_by      text,
    CHECK (device_id IS NOT NULL OR zone_id IS NOT NULL),
    FOREIGN KEY (rule_id, rule_version) REFERENCES rule_versions (rule_id, version),
    CHECK ((status = 'open') OR (acknowledged_at IS NOT NULL AND acknowledged_by IS NOT NULL) OR status = 'resolved'),
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND resolved_by IS NOT NULL))
);
CREATE INDEX alerts_tenant_status ON alerts (tenant_id, status, raised_at DESC);
CREATE INDEX alerts_device ON alerts (tenant_id, device_id, raised_at DESC) WHERE device_id IS NOT NULL;
CREATE INDEX alerts_zone ON alerts (tenant_id, zone_id, raised_at DESC) WHERE zone_id IS NOT NULL;

CREATE TABLE alert_events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id   uuid NOT NULL REFERENCES alerts (id),
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    event      text NOT NULL CHECK (event IN ('raised', 'escalated', 'cleared', 'acknowledged', 'resolved', 'commented', 'notified')),
    -- A person's email, or 'system' for the engine.
    actor      text NOT NULL,
    comment    text,
    details    jsonb,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_events_alert ON alert_events (tenant_id, alert_id, at);

ALTER TABLE alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE alerts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alerts USING (tenant_id = app_tenant() OR app_superadmin())
    WITH CHECK (tenant_id = app_tenant() OR app_superadmin());

ALTER TABLE alert_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alert_events USING (tenant_id = app_tenant() OR app_superadmin())
    WITH CHECK (tenant_id = app_tenant() OR app_superadmin());

-- The history is appended to, never rewritten.
GRANT SELECT, INSERT, UPDATE ON alerts TO edge_app;
GRANT SELECT, INSERT ON alert_events TO edge_app;
