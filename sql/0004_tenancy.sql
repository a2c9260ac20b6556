-- Municipalities isolated by PostgreSQL itself: row-level security on every tenant table, forced also for the owner,
-- and the application connecting as edge_app, which is neither superuser nor owner nor BYPASSRLS. A request sees
-- and writes only the rows of the municipality set in its transaction (set_config('app.tenant_id', ..., true));
-- a superadmin's transaction sets app.superadmin and is written to the audit log by the application.
-- A credential lookup before the municipality is known (a gateway key, a login email) sees only the matching row.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'edge_app') THEN
        CREATE ROLE edge_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    END IF;
END
$$;

CREATE FUNCTION app_tenant() RETURNS uuid LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
CREATE FUNCTION app_superadmin() RETURNS boolean LANGUAGE sql STABLE
    AS $$ SELECT coalesce(current_setting('app.superadmin', true), '') = 'on' $$;

-- Every change made by a person (and every superadmin session), with who, what and when.
CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  uuid REFERENCES tenants (id),
    actor      text NOT NULL,
    action     text NOT NULL,
    target     text,
    details    jsonb,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC);

-- The plain case: a table whose rows belong to one municipality.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['devices', 'readings', 'device_latest', 'edge_alerts', 'gaps', 'dead_letters', 'rules', 'alarm_contacts', 'audit_log']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant() OR app_superadmin()) '
                       'WITH CHECK (tenant_id = app_tenant() OR app_superadmin())', t);
    END LOOP;
END
$$;

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants USING (id = app_tenant() OR app_superadmin()) WITH CHECK (app_superadmin());

ALTER TABLE gateways ENABLE ROW LEVEL SECURITY;
ALTER TABLE gateways FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON gateways
    USING (tenant_id = app_tenant() OR app_superadmin()
           OR api_key_sha256 = decode(nullif(current_setting('app.gateway_key', true), ''), 'hex'))
    WITH CHECK (tenant_id = app_tenant() OR app_superadmin());

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
    USING (tenant_id = app_tenant() OR app_superadmin()
           OR lower(email) = lower(nullif(current_setting('app.login_email', true), '')))
    WITH CHECK (tenant_id = app_tenant() OR app_superadmin()
           OR lower(email) = lower(nullif(current_setting('app.login_email', true), '')));

GRANT USAGE ON SCHEMA public TO edge_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, users, gateways, devices, readings, device_latest, edge_alerts, gaps,
    dead_letters, rules, alarm_contacts, audit_log TO edge_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO edge_app;
GRANT EXECUTE ON FUNCTION app_tenant(), app_superadmin() TO edge_app;
