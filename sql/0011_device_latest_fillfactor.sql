-- device_latest is updated in place for every device of every ingest batch, never on an indexed column: with 30% of
-- each page left free (fillfactor 70) those updates stay on their page without new index entries (HOT updates).
-- Pages written from now on keep the room; existing full pages gain it as their rows move (docs/cloud-storage.md).
ALTER TABLE device_latest SET (fillfactor = 70);
