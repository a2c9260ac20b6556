-- Readings a gateway lost before it could forward them (disk quota, time to live), as the gateway reported them.
-- Stored once per id, like readings; the control room shows them so that missing data is known, not guessed.
CREATE TABLE gaps (
    id           text PRIMARY KEY,
    tenant_id    uuid NOT NULL,
    device_id    text NOT NULL REFERENCES devices (id),
    gateway_id   text NOT NULL,
    from_ts      timestamptz NOT NULL,
    to_ts        timestamptz NOT NULL,
    count        integer NOT NULL CHECK (count > 0),
    reason       text NOT NULL,
    ingested_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (from_ts <= to_ts)
);
CREATE INDEX gaps_device ON gaps (tenant_id, device_id, from_ts DESC);
