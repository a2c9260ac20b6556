-- Rules and their thresholds, versioned. `rules` stays the current version of each rule (what the gateway
-- configuration API serves, unchanged); every insert and every change of its definition or enabled flag writes the
-- new version into `rule_versions`, which keeps every old one. Versions are kept by the database, not by the code
-- that writes rules: a trigger numbers them, and the application role may read and add versions but never change or
-- delete one. An alert records the rule version it was raised under (sql/0033_alerts.sql).

CREATE TABLE rule_versions (
    rule_id     uuid NOT NULL REFERENCES rules (id),
    version     integer NOT NULL CHECK (version >= 1),
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    definition  jsonb NOT NULL,
    enabled     boolean NOT NULL,
    -- Who made this version: app.actor of the writing transaction when the writer sets it.
    changed_by  text,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rule_id, version)
);
CREATE INDEX rule_versions_tenant ON rule_versions (tenant_id, rule_id, version DESC);

INSERT INTO rule_versions (rule_id, version, tenant_id, definition, enabled, changed_at)
SELECT id, version, tenant_id, definition, enabled, updated_at FROM rules;

CREATE FUNCTION rules_next_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.definition IS DISTINCT FROM OLD.definition OR NEW.enabled IS DISTINCT FROM OLD.enabled THEN
        NEW.version := OLD.version + 1;
        NEW.updated_at := now();
    ELSE
        NEW.version := OLD.version;
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION rules_keep_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.version <> OLD.version THEN
        INSERT INTO rule_versions (rule_id, version, tenant_id, definition, enabled, changed_by, changed_at)
        VALUES (NEW.id, NEW.version, NEW.tenant_id, NEW.definition, NEW.enabled,
                nullif(current_setting('app.actor', true), ''), NEW.updated_at);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER rules_next_version BEFORE UPDATE ON rules FOR EACH ROW EXECUTE FUNCTION rules_next_version();
CREATE TRIGGER rules_keep_version AFTER INSERT OR UPDATE ON rules FOR EACH ROW EXECUTE FUNCTION rules_keep_version();

ALTER TABLE rule_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE rule_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON rule_versions USING (tenant_id = app_tenant() OR app_superadmin())
    WITH CHECK (tenant_id = app_tenant() OR app_superadmin());

GRANT SELECT, INSERT ON rule_versions TO edge_app;
