#!/usr/bin/env bash
# The postgres stand-in's entrypoint: the official image's documented behaviour, written for this stand-in.
# On an empty PGDATA: initdb with POSTGRES_USER/POSTGRES_PASSWORD, a "host all all all <auth>" line,
# POSTGRES_DB, then /docker-entrypoint-initdb.d/* against a server listening on the socket only.
set -Eeo pipefail

file_env() { # VAR [DEFAULT]: VAR or the contents of VAR_FILE
	local var=$1 file_var="${1}_FILE" value=${2:-}
	if [[ -n ${!var:-} && -n ${!file_var:-} ]]; then echo "error: both $var and $file_var are set" >&2; exit 1; fi
	if [[ -n ${!var:-} ]]; then value=${!var}; elif [[ -n ${!file_var:-} ]]; then value=$(<"${!file_var}"); fi
	export "$var"="$value"
	unset "$file_var"
}

sql() { # psql as the superuser on the init server
	local runner=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc)
	[[ -n $POSTGRES_DB ]] && runner+=(--dbname "$POSTGRES_DB")
	PGHOST= PGHOSTADDR= "${runner[@]}" "$@"
}

if [[ ${1:0:1} == '-' ]]; then set -- postgres "$@"; fi
if [[ $1 == postgres ]] && ! [[ " $* " =~ \ (-V|--version|--help|--describe-config)\  ]]; then
	file_env POSTGRES_PASSWORD
	file_env POSTGRES_USER postgres
	file_env POSTGRES_DB "$POSTGRES_USER"
	file_env POSTGRES_INITDB_ARGS
	: "${POSTGRES_HOST_AUTH_METHOD:=}"
	mkdir -p "$PGDATA" && chmod 00700 "$PGDATA" || :
	mkdir -p /var/run/postgresql && chmod 03775 /var/run/postgresql || :
	if [[ $(id -u) == 0 ]]; then
		find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres '{}' +
		exec gosu postgres "$BASH_SOURCE" "$@"
	fi
	if [[ ! -s $PGDATA/PG_VERSION ]]; then
		if [[ -z $POSTGRES_PASSWORD && $POSTGRES_HOST_AUTH_METHOD != trust ]]; then
			echo "Error: Database is uninitialized and superuser password is not specified (POSTGRES_PASSWORD)." >&2
			exit 1
		fi
		ls /docker-entrypoint-initdb.d/ > /dev/null
		eval 'initdb --username="$POSTGRES_USER" --pwfile=<(printf "%s\n" "$POSTGRES_PASSWORD") '"$POSTGRES_INITDB_ARGS"
		shift_args=("$@"); [[ ${shift_args[0]} == postgres ]] && shift_args=("${shift_args[@]:1}")
		: "${POSTGRES_HOST_AUTH_METHOD:=$(postgres -C password_encryption "${shift_args[@]}")}"
		printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >> "$PGDATA/pg_hba.conf"
		export PGPASSWORD=${PGPASSWORD:-$POSTGRES_PASSWORD}
		NOTIFY_SOCKET= PGUSER=${PGUSER:-$POSTGRES_USER} pg_ctl -D "$PGDATA" \
			-o "$(printf '%q ' "${shift_args[@]}" -c listen_addresses='' -p "${PGPORT:-5432}")" -w start
		if [[ -z $(POSTGRES_DB= sql --dbname postgres --set db="$POSTGRES_DB" --tuples-only <<<"SELECT 1 FROM pg_database WHERE datname = :'db';") ]]; then
			POSTGRES_DB= sql --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
		fi
		for f in /docker-entrypoint-initdb.d/*; do
			case $f in
				*.sh) if [[ -x $f ]]; then echo "$0: running $f"; "$f"; else echo "$0: sourcing $f"; . "$f"; fi ;;
				*.sql) echo "$0: running $f"; sql -f "$f" ;;
				*.sql.gz) echo "$0: running $f"; gunzip -c "$f" | sql ;;
				*.sql.xz) echo "$0: running $f"; xzcat "$f" | sql ;;
				*) [[ -e $f ]] && echo "$0: ignoring $f" ;;
			esac
		done
		PGUSER=${PGUSER:-postgres} pg_ctl -D "$PGDATA" -m fast -w stop
		unset PGPASSWORD
		echo 'PostgreSQL init process complete; ready for start up.'
	else
		echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
	fi
fi
exec "$@"
