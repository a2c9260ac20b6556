-- What a gateway needs to work on its own: the rules it evaluates locally and whom it alerts by SMS.
-- Rule definitions are JSON in the format of common/Edge.Rules (validated by the API that writes them).

CREATE TABLE rules (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    definition  jsonb NOT NULL,
    enabled     boolean NOT NULL DEFAULT true,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rules_tenant ON rules (tenant_id);

-- People a gateway alerts by SMS when a critical alarm is raised, even without the cloud.
-- gateway_id NULL: every gateway of the municipality.
CREATE TABLE alarm_contacts (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    gateway_id    text REFERENCES gateways (id),
    name          text NOT NULL,
    phone         text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    min_severity  text NOT NULL DEFAULT 'critical' CHECK (min_severity IN ('info', 'warning', 'critical')),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alarm_contacts_tenant ON alarm_contacts (tenant_id);
