#!/usr/bin/env bash
# Candor in production: PostgreSQL, Redis state manager, several backend workers, frontend built once.
#
#   DATABASE_URL=postgresql+psycopg://candor@db/candor REFLEX_REDIS_URL=redis://cache:6379/0 \
#   CANDOR_PUBLIC_URL=https://candor.example.com SECRET_KEY=... make prod
#
# Steps (each can be run alone: --step migrate|build|serve; --dry-run prints them without running):
#   1. migrate: `alembic upgrade head` (explicit; nothing migrates when a worker starts)
#   2. build:   `reflex export --frontend-only --no-zip` into .web/build/client (the socket URL, from
#               CANDOR_PUBLIC_URL, is baked into the build; CANDOR_SKIP_BUILD=1 reuses an existing build)
#   3. serve:   `reflex run --env prod --backend-only` with GRANIAN_WORKERS workers; the backend serves the
#               build itself (CANDOR_SERVE_FRONTEND=1), /healthz, JSON logs (CANDOR_LOG_FORMAT=json)
set -euo pipefail
cd "$(dirname "$0")/.."

DRY=0
STEPS="migrate build serve"
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY=1 ;;
    --step) shift; STEPS="$1" ;;
    *) echo "usage: $0 [--dry-run] [--step migrate|build|serve]" >&2; exit 2 ;;
  esac
  shift
done

BIN=${CANDOR_BIN:-.venv/bin}
case "$BIN" in /*) export PATH="$BIN:$PATH" ;; *) export PATH="$PWD/$BIN:$PATH" ;; esac
export REFLEX_USE_NPM=1 REFLEX_TELEMETRY_ENABLED=false REFLEX_CHECK_LATEST_VERSION=false
export PORT=${PORT:-8000}
export HOST=${HOST:-0.0.0.0}
export CANDOR_PUBLIC_URL=${CANDOR_PUBLIC_URL:-http://localhost:$PORT}
# The browser opens the socket on the public origin (the reverse proxy forwards /_event to a backend).
export REFLEX_API_URL=${REFLEX_API_URL:-$CANDOR_PUBLIC_URL}
export REFLEX_DEPLOY_URL=${REFLEX_DEPLOY_URL:-$CANDOR_PUBLIC_URL}
export GRANIAN_WORKERS=${GRANIAN_WORKERS:-4}
export CANDOR_SERVE_FRONTEND=${CANDOR_SERVE_FRONTEND:-1}
export CANDOR_LOG_FORMAT=${CANDOR_LOG_FORMAT:-json}

fail() { echo "prod.sh: $*" >&2; exit 1; }
[ -n "${DATABASE_URL:-}" ] || fail "DATABASE_URL is not set (production runs on PostgreSQL: postgresql+psycopg://user@host/db)"
[ -n "${REFLEX_REDIS_URL:-}" ] || fail "REFLEX_REDIS_URL is not set (several workers share state through Redis)"
case "$DATABASE_URL" in postgresql*) ;; *) echo "prod.sh: warning: DATABASE_URL is not PostgreSQL" >&2 ;; esac
[ -n "${SECRET_KEY:-}" ] || echo "prod.sh: warning: SECRET_KEY not set; one is generated under CANDOR_DATA_DIR (use the same on every host)" >&2

run() {
  echo "==> $*" >&2
  if [ "$DRY" = 1 ]; then return 0; fi
  "$@"
}

for step in $STEPS; do
  case "$step" in
    migrate)
      echo "[1/3] migrate: applying database migrations" >&2
      run alembic upgrade head ;;
    build)
      if [ "${CANDOR_SKIP_BUILD:-0}" = 1 ] && [ -f "${REFLEX_WEB_WORKDIR:-.web}/build/client/index.html" ]; then
        echo "[2/3] build: reusing the existing frontend build (CANDOR_SKIP_BUILD=1)" >&2
      else
        echo "[2/3] build: exporting the frontend once (socket at $REFLEX_API_URL)" >&2
        run reflex export --frontend-only --no-zip --env prod
      fi ;;
    serve)
      echo "[3/3] serve: $GRANIAN_WORKERS workers on $HOST:$PORT, Redis state manager" >&2
      if [ "$DRY" = 1 ]; then
        echo "==> reflex run --env prod --backend-only --backend-host $HOST --backend-port $PORT" >&2
      else
        exec reflex run --env prod --backend-only --backend-host "$HOST" --backend-port "$PORT"
      fi ;;
    *) fail "unknown step: $step" ;;
  esac
done
