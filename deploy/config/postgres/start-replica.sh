#!/bin/bash
# The streaming replica. On first start (empty data directory) it clones the primary with
# pg_basebackup: -R writes standby.signal and primary_conninfo, -S streams from the primary's slot.
# Later starts find the data directory and simply resume streaming.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
	until pg_isready --quiet --host="$PRIMARY_HOST" --port=5432; do
		echo "waiting for the primary at $PRIMARY_HOST"
		sleep 2
	done
	mkdir -p "$PGDATA"
	PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup --host="$PRIMARY_HOST" --port=5432 --username=replicator \
		--pgdata="$PGDATA" --wal-method=stream --write-recovery-conf --slot="$REPLICATION_SLOT" \
		--checkpoint=fast --progress
fi
# On every start, not only after the clone: with fsGroup the kubelet adds group bits to the volume at each
# mount, and PostgreSQL refuses a data directory that others can read ("invalid permissions").
chmod 0700 "$PGDATA"
exec postgres
