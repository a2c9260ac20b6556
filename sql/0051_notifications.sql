-- Notifications (issue 7): whom a municipality's critical alerts reach, in tiers, and the outbox their messages are
-- delivered from. Tier 1 is told when a critical hazard alert is raised; when nobody acknowledges it within the
-- escalation time, the next tier that has contacts is told, and so on (Notifications/EscalationRun). Messages are
-- written to the outbox in the transaction that decides them and delivered by a scheduled job with retries and
-- backoff (Notifications/OutboxDelivery); every row keeps its delivery status.

CREATE TABLE notification_contacts (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    channel     text NOT NULL CHECK (channel IN ('webhook', 'email', 'sms')),
    -- An http(s) URL (webhook), an e-mail address, or an E.164 number (sms); checked by the API.
    address     text NOT NULL CHECK (length(address) BETWEEN 1 AND 2000),
    tier        integer NOT NULL DEFAULT 1 CHECK (tier BETWEEN 1 AND 10),
    enabled     boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL
);
CREATE INDEX notification_contacts_tenant ON notification_contacts (tenant_id, tier);

CREATE TABLE notification_outbox (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    alert_id         uuid NOT NULL REFERENCES alerts (id),
    contact_id       uuid REFERENCES notification_contacts (id) ON DELETE SET NULL,
    tier             integer NOT NULL,
    channel          text NOT NULL CHECK (channel IN ('webhook', 'email', 'sms')),
    address          text NOT NULL,
    -- The alert as it was when the message was decided (what the message says).
    payload          jsonb NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text,
    created_at       timestamptz NOT NULL,
    sent_at          timestamptz
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_outbox_alert ON notification_outbox (tenant_id, alert_id);

ALTER TABLE notification_contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_contacts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notification_contacts USING (tenant_id = app_tenant() OR app_superadmin())
    WITH CHECK (tenant_id = app_tenant() OR app_superadmin());

ALTER TABLE notification_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notification_outbox USING (tenant_id = app_tenant() OR app_superadmin())
    WITH CHECK (tenant_id = app_tenant() OR app_superadmin());

GRANT SELECT, INSERT, UPDATE, DELETE ON notification_contacts TO edge_app;
GRANT SELECT, INSERT, UPDATE ON notification_outbox TO edge_app;
