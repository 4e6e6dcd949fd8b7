#!/bin/sh
# The one-shot database job (compose service `db-init`, Kubernetes Job `db-init`):
# a database, a login role and a service role per service, the shared key database
# and the auditor, on a PostgreSQL reached with the libpq variables (PGHOST, PGUSER,
# PGPASSWORD ...) as a superuser. Idempotent (initdb.sql checks before it creates).
#   SHEQU_SERVICES       the services, space-separated
#   SHEQU_PASSWORD_DIR   optional: a folder with <name>.password for each role; a
#                        role with no file keeps its password (in Kubernetes the
#                        CloudNativePG Cluster's managed roles set them)
set -eu
here=$(dirname "$0")
services=${SHEQU_SERVICES:?name the services, space-separated}
dir=${SHEQU_PASSWORD_DIR:-}

password() { # the psql option that sets role $1's password, if a file gives one
  if [ -n "$dir" ] && [ -r "$dir/$1.password" ]; then
    printf '%s\n' "-v" "password=$(cat "$dir/$1.password")"
  fi
}

until pg_isready -q; do sleep 1; done
for role in keyring auditor; do
  psql -v ON_ERROR_STOP=1 -q -v role="$role" $(password "$role") <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
\if :{?password}
ALTER ROLE :"role" LOGIN PASSWORD :'password';
\endif
SQL
done
psql -v ON_ERROR_STOP=1 -q <<'SQL'
SELECT 'CREATE DATABASE keyring OWNER keyring'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'keyring') \gexec
SQL
for svc in $services; do
  psql -v ON_ERROR_STOP=1 -q -v svc="$svc" $(password "$svc") -f "$here/initdb.sql"
  echo "shequ: database $svc ready"
done
