-- One service's database, run by initdb.sh as a superuser: psql -v svc=NAME
-- [-v password=...]. Idempotent: every step checks first, so the job can run on every
-- `docker compose up` and every deploy.
--   NAME           login role, owns database NAME and its schema NAME; runs the
--                  migrations (the service's SHEQU_DATABASE_URL user)
--   shequ_NAME     what the running service acts as (SHEQU_DATABASE_ROLE): the
--                  migrations grant it everything but UPDATE/DELETE/TRUNCATE on events
--   keyring        may act as shequ_NAME in the shared key database (SHEQU_KEYRING_URL)
--   auditor        reads the schema's tables, for reporting's chain verification
--                  (SHEQU_REPORTING_STORES)
SELECT format('CREATE ROLE %I LOGIN', :'svc')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'svc') \gexec
SELECT format('CREATE ROLE %I NOLOGIN', 'shequ_' || :'svc')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shequ_' || :'svc') \gexec
SELECT format('GRANT %I TO %I', 'shequ_' || :'svc', :'svc') \gexec
SELECT format('GRANT %I TO keyring', 'shequ_' || :'svc') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'svc', :'svc')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'svc') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO auditor', :'svc') \gexec
\if :{?password}
ALTER ROLE :"svc" LOGIN PASSWORD :'password';
\endif
\connect :"svc"
SET ROLE :"svc";
CREATE SCHEMA IF NOT EXISTS :"svc";
GRANT USAGE ON SCHEMA :"svc" TO auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA :"svc" TO auditor;
ALTER DEFAULT PRIVILEGES IN SCHEMA :"svc" GRANT SELECT ON TABLES TO auditor;
