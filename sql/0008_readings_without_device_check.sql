-- Ingest profile (bench/README.md): the foreign key readings.device_id -> devices costs one trigger call and one
-- key-share lock per reading, about an eighth of the time of storing a batch. Ingest checks every reading's device in
-- the same transaction before it writes (DeviceRegistry: assigned to this gateway, in service, of this municipality),
-- and devices are retired, never deleted, so the per-row check guards nothing the pipeline does not. It is dropped;
-- device_latest keeps its foreign key (one row per device, not per reading).
DO $$
DECLARE
    fk text;
BEGIN
    FOR fk IN SELECT conname FROM pg_constraint WHERE conrelid = 'readings'::regclass AND contype = 'f' AND conparentid = 0
    LOOP
        EXECUTE format('ALTER TABLE readings DROP CONSTRAINT %I', fk);
    END LOOP;
END
$$;
