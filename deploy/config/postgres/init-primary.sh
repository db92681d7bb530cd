#!/bin/bash
# Runs once, when the primary's data directory is initialised (/docker-entrypoint-initdb.d):
# one database and role per service, the replication role and the replica's replication slot.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
	-v user_pw="$USER_SERVICE_DB_PASSWORD" -v order_pw="$ORDER_SERVICE_DB_PASSWORD" \
	-v repl_pw="$REPLICATION_PASSWORD" -v slot="$REPLICATION_SLOT" <<'SQL'
CREATE ROLE user_service LOGIN PASSWORD :'user_pw';
CREATE DATABASE user_service OWNER user_service;
CREATE ROLE order_service LOGIN PASSWORD :'order_pw';
CREATE DATABASE order_service OWNER order_service;
-- Each service's role connects to its own database only (the embedded server does the same).
REVOKE CONNECT, TEMPORARY ON DATABASE user_service FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE order_service FROM PUBLIC;
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'repl_pw';
-- The slot keeps the WAL the replica still needs, even while it is down.
SELECT pg_create_physical_replication_slot(:'slot');
SQL
# "all" in pg_hba's database column does not cover replication connections.
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
