# syntax=docker/dockerfile:1
# One image for every service (the command picks it: `--service NAME`), and the
# gateway: nginx serving the built console and routing /api/v1/<service>/ to each.
#   docker build -t shequ .                      (the services; the default target)
#   docker build -t shequ-gateway --target gateway .
# compose.yaml and deploy/ use both; see README "Deploying".

# -- the console, built with Node -----------------------------------------------------
FROM node:22-bookworm-slim AS console
WORKDIR /src/console
COPY console/package.json console/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY console/ ./
RUN npm run build

# -- the Python workspace, installed (not editable) into /opt/shequ ------------------
FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/shequ
WORKDIR /src
COPY contracts/ contracts/
COPY libs/ libs/
COPY services/ services/
# Every member in one pip command, with the sdk pinned as in requirements-dev.txt
# (DEPENDENCY-NOTES 1, 2); libs/testing (pytest fixtures) stays out.
RUN /opt/shequ/bin/pip install opentelemetry-sdk==1.45.1 ./contracts $(for d in libs/* services/*; \
        do [ -f "$d/pyproject.toml" ] && [ "$d" != libs/testing ] && echo "./$d"; done)

# -- the services -----------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS service
# PostgreSQL's client for the database init job (deploy/image/initdb.sh).
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin shequ
COPY --from=build /opt/shequ /opt/shequ
COPY deploy/image/entrypoint.sh deploy/image/initdb.sh deploy/image/initdb.sql /opt/shequ/deploy/
ENV PATH=/opt/shequ/bin:$PATH PYTHONUNBUFFERED=1
USER 10001
EXPOSE 8000
ENTRYPOINT ["/opt/shequ/deploy/entrypoint.sh"]
CMD ["python", "-m", "shequ.service.worker", "--help"]

# -- the gateway: the console and the one address ---------------------------------------
FROM nginx:1.27-alpine AS gateway
COPY --from=console /src/console/dist /usr/share/nginx/html
# nginx's image fills ${...} in templates/*.template from the environment at start.
COPY deploy/image/gateway.conf.template /etc/nginx/templates/default.conf.template
