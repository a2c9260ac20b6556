-- Device profiles as the gateway's codecs read them (docs/codecs.md), and LoRaWAN devices known by their DevEUI, so that
-- every transport can be provisioned from the cloud (GET /api/v1/gateways/{id}/config carries both).
--
-- A profile's metric_mapping holds the codec's "fields" object: decoded field -> a metric name, or
-- {"metric", "unit", "scale", "offset"}; units are converted there (the column units of 0030 is no longer written).
-- script: the ES5.1 source of a javascript codec (decodeUplink, optionally encodeDownlink), at most 64 KiB.
-- sample_payload / sample_fport: a frame the device really sends; the API runs the codec on it whenever the profile is
-- saved, and refuses a profile that cannot decode it (a javascript profile must have one).
ALTER TABLE device_profiles
    ADD COLUMN script                text CHECK (length(script) <= 65536),
    ADD COLUMN keep_unmapped_fields  boolean NOT NULL DEFAULT false,
    ADD COLUMN sample_payload        bytea CHECK (length(sample_payload) <= 1024),
    ADD COLUMN sample_fport          integer CHECK (sample_fport BETWEEN 0 AND 255),
    ADD COLUMN updated_by            text,
    ADD CONSTRAINT device_profiles_script_for_javascript CHECK ((codec = 'javascript') = (script IS NOT NULL));
CREATE INDEX device_profiles_tenant ON device_profiles (tenant_id, name);

-- The DevEUI a LoRaWAN device joins with (16 lower-case hex digits), unique across municipalities: the network
-- server's events name a device by it alone.
ALTER TABLE devices ADD COLUMN dev_eui text CHECK (dev_eui ~ '^[0-9a-f]{16}$');
CREATE UNIQUE INDEX devices_dev_eui ON devices (dev_eui) WHERE dev_eui IS NOT NULL;
