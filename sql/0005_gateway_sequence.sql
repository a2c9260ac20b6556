-- The highest journal sequence number the cloud holds from each gateway. A gateway whose journal was lost or replaced
-- (a new SD card) would otherwise hand out ids the cloud already has, and its new readings would be taken for
-- duplicates; with this the cloud recognises an id reused for different content, refuses it with this floor, and the
-- gateway renumbers what it has not yet forwarded above it.
ALTER TABLE gateways ADD COLUMN highest_seq bigint NOT NULL DEFAULT 0;

UPDATE gateways g SET highest_seq = coalesce((
    SELECT max(split_part(x.id, ':', 2)::bigint) FROM (
        SELECT id FROM readings WHERE gateway_id = g.id
        UNION ALL SELECT id FROM edge_alerts WHERE gateway_id = g.id
        UNION ALL SELECT id FROM gaps WHERE gateway_id = g.id) AS x
    WHERE split_part(x.id, ':', 2) ~ '^[0-9]{1,18}$'), 0);
