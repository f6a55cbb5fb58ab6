#!/usr/bin/env bash
# The official postgres image's entrypoint contract, on Debian's packages:
# - `docker run img -c key=value` runs `postgres -c key=value`;
# - as root it fixes PGDATA ownership and re-runs itself as user postgres;
# - on an empty PGDATA it runs initdb with POSTGRES_USER/POSTGRES_PASSWORD
#   (scram-sha-256 for every TCP connection), creates POSTGRES_DB, runs
#   /docker-entrypoint-initdb.d/* against a server that listens on no TCP port,
#   then execs the real server (PID 1, so SIGINT from `docker stop` is a fast shutdown).
set -Eeo pipefail

# FOO_FILE=/run/secrets/foo sets FOO from the file, as the official image allows.
file_env() {
  local var="$1" fileVar="${1}_FILE" def="${2:-}"
  if [ "${!var:-}" ] && [ "${!fileVar:-}" ]; then
    echo >&2 "error: both $var and $fileVar are set (but are exclusive)"; exit 1
  fi
  local val="$def"
  if [ "${!var:-}" ]; then val="${!var}"; elif [ "${!fileVar:-}" ]; then val="$(< "${!fileVar}")"; fi
  export "$var"="$val"
  unset "$fileVar"
}

setup_env() {
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  : "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
  DATABASE_ALREADY_EXISTS=
  if [ -s "$PGDATA/PG_VERSION" ]; then DATABASE_ALREADY_EXISTS=true; fi
}

create_db_directories() {
  mkdir -p "$PGDATA"
  chmod 00700 "$PGDATA" || :
  mkdir -p /var/run/postgresql || :
  chmod 03775 /var/run/postgresql || :
  if [ "$(id -u)" = '0' ]; then
    find "$PGDATA" \! -user postgres -exec chown postgres '{}' +
    find /var/run/postgresql \! -user postgres -exec chown postgres '{}' +
  fi
}

verify_minimum_env() {
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != 'trust' ]; then
    cat >&2 <<-'MSG'
	Error: Database is uninitialized and superuser password is not specified.
	       You must specify POSTGRES_PASSWORD to a non-empty value for the
	       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".
	       (or POSTGRES_HOST_AUTH_METHOD=trust to allow all connections without a password)
	MSG
    exit 1
  fi
}

init_database_dir() {
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of words on purpose
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}") $POSTGRES_INITDB_ARGS
}

setup_hba_conf() {
  { echo; echo "host all all all $POSTGRES_HOST_AUTH_METHOD"; } >> "$PGDATA/pg_hba.conf"
}

temp_server_start() {
  # Only the unix socket while initialising: a TCP readiness check cannot pass too early.
  PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -w start -o "-c listen_addresses='' -p 5432" >/dev/null
}

temp_server_stop() {
  PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
}

psql_init() {
  PGPASSWORD="${POSTGRES_PASSWORD:-}" psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc "$@"
}

setup_db() {
  if [ "$POSTGRES_DB" != 'postgres' ]; then
    local exists
    exists="$(psql_init --dbname postgres --set db="$POSTGRES_DB" --tuples-only <<-'SQL'
	SELECT 1 FROM pg_database WHERE datname = :'db';
	SQL
    )"
    if [ -z "$exists" ]; then
      psql_init --dbname postgres --set db="$POSTGRES_DB" <<-'SQL'
	CREATE DATABASE :"db";
	SQL
    fi
  fi
}

process_init_files() {
  local f
  shopt -s nullglob
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) if [ -x "$f" ]; then echo "running $f"; "$f"; else echo "sourcing $f"; . "$f"; fi ;;
      *.sql) echo "running $f"; psql_init --dbname "$POSTGRES_DB" -f "$f" ;;
      *.sql.gz) echo "running $f"; gunzip -c "$f" | psql_init --dbname "$POSTGRES_DB" ;;
      *.sql.xz) echo "running $f"; xzcat "$f" | psql_init --dbname "$POSTGRES_DB" ;;
      *) echo "ignoring $f" ;;
    esac
  done
}

main() {
  # `docker run img -c x=y` means `postgres -c x=y`
  if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi

  if [ "$1" = 'postgres' ]; then
    setup_env
    create_db_directories
    if [ "$(id -u)" = '0' ]; then
      exec gosu postgres "${BASH_SOURCE[0]}" "$@"
    fi
    if [ -z "$DATABASE_ALREADY_EXISTS" ]; then
      verify_minimum_env
      init_database_dir
      setup_hba_conf
      export PGPASSWORD="${PGPASSWORD:-${POSTGRES_PASSWORD:-}}"
      temp_server_start
      setup_db
      process_init_files
      temp_server_stop
      unset PGPASSWORD
      echo 'PostgreSQL init process complete; ready for start up.'
    else
      echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
    fi
  fi
  exec "$@"
}

main "$@"
