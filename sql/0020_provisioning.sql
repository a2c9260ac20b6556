-- Provisioning: devices put into service, replaced and retired by people; the credentials devices connect with;
-- direct ingestion by GPRS devices without a gateway.

-- A device's life: when it was installed, the device it replaced (its history continues in this one), when it retired.
ALTER TABLE devices
    ADD COLUMN installed_on        date,
    ADD COLUMN replaces_device_id  text REFERENCES devices (id),
    ADD COLUMN retired_at          timestamptz,
    ADD COLUMN updated_at          timestamptz NOT NULL DEFAULT now();
CREATE UNIQUE INDEX devices_replaces ON devices (replaces_device_id) WHERE replaces_device_id IS NOT NULL;

-- What a device proves itself with, never in clear: the SHA-256 of its MQTT password (the broker holds its own salted
-- hash through the dynamic-security plugin) and of its API key for POST /api/v1/sensor-data. Both are 256-bit random
-- values shown once, so a fast hash is right. A key lookup before the municipality is known sees only the matching row.
CREATE TABLE device_credentials (
    device_id             text PRIMARY KEY REFERENCES devices (id),
    tenant_id             uuid NOT NULL REFERENCES tenants (id),
    mqtt_password_sha256  bytea,
    mqtt_issued_at        timestamptz,
    api_key_sha256        bytea UNIQUE,
    api_key_issued_at     timestamptz
);
CREATE INDEX device_credentials_tenant ON device_credentials (tenant_id, device_id);

ALTER TABLE device_credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE device_credentials FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON device_credentials
    USING (tenant_id = app_tenant() OR app_superadmin()
           OR api_key_sha256 = decode(nullif(current_setting('app.device_key', true), ''), 'hex'))
    WITH CHECK (tenant_id = app_tenant() OR app_superadmin());

-- Ids of readings a device sends straight to the cloud (@direct:{n}): a sequence is never rolled back, so an id is
-- never handed out twice, even by a request that failed.
CREATE SEQUENCE direct_reading_ids AS bigint;

GRANT SELECT, INSERT, UPDATE, DELETE ON device_credentials TO edge_app;
GRANT USAGE, SELECT ON SEQUENCE direct_reading_ids TO edge_app;
