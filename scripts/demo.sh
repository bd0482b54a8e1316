#!/usr/bin/env bash
# `npm run demo`: makes sure PostgreSQL and Redis run and the demo database exists, then runs the
# engine against the simulated PBX with bot agents. Flags go to `outpace demo` (see --help).
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/lib/services.sh

ensure_postgres
ensure_redis
database_url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/outpace}
[[ -d node_modules ]] || npm ci --no-audit --no-fund --loglevel=error
ensure_database_of "$database_url"

exec npx tsx src/cli/main.ts demo "$@"
