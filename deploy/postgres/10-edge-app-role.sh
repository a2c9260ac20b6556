#!/bin/sh
# Runs once, when the database volume is first initialised (the postgis image's /docker-entrypoint-initdb.d): the
# API's login role, with its password from the environment. The cloud's migrations (sql/0004) find it there and
# give it its grants; they create it without a password when it is missing, which only a local trust setup accepts.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v password="$EDGE_APP_DB_PASSWORD" <<'SQL'
CREATE ROLE edge_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'password';
SQL
