-- Zones of a municipality: landslide and flood risk areas and villages, as polygons with the people living in them.
-- The control room's map draws them; the spatial queries count the devices and alerts inside them (ST_Covers on
-- geography, served by the devices_location GiST index). A polygon must be valid and is stored as a MultiPolygon
-- so that a zone in several pieces (both banks of a river) is one zone.

CREATE TABLE zones (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind        text NOT NULL CHECK (kind IN ('landslide', 'flood', 'village')),
    area        geography(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(area::geometry) AND NOT ST_IsEmpty(area::geometry)),
    population  integer CHECK (population >= 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL
);
CREATE INDEX zones_tenant ON zones (tenant_id, kind, name);
CREATE INDEX zones_area ON zones USING gist (area);

-- A municipality's boundary, when set, must be a valid polygon too (zones are checked against it).
ALTER TABLE tenants ADD CONSTRAINT tenants_boundary_valid CHECK (boundary IS NULL OR (ST_IsValid(boundary::geometry) AND NOT ST_IsEmpty(boundary::geometry)));
ALTER TABLE tenants ADD COLUMN boundary_updated_at timestamptz;
ALTER TABLE tenants ADD COLUMN boundary_updated_by text;

ALTER TABLE zones ENABLE ROW LEVEL SECURITY;
ALTER TABLE zones FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON zones USING (tenant_id = app_tenant() OR app_superadmin())
    WITH CHECK (tenant_id = app_tenant() OR app_superadmin());

GRANT SELECT, INSERT, UPDATE, DELETE ON zones TO edge_app;
