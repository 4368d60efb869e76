#!/usr/bin/env bash
# The one test command (npm test): typecheck, lint, integration tests on embedded PGlite and on a
# throwaway PostgreSQL server, then the e2e suite in Chromium against the production build.
# It brings up what it needs (Chromium, a PostgreSQL cluster on a free port) and tears it down.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Each step names its own NODE_ENV: vitest runs under "test" (vitest.config.ts), the build and every
# server the e2e and load tests start under "production", as people get it. Nothing inherits one.
unset NODE_ENV
started=$SECONDS
step() { printf '\n\033[1m== %s (%ss)\033[0m\n' "$1" "$((SECONDS - started))"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

step "Chromium"
if [ ! -x /usr/bin/chromium ]; then
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version

step "PostgreSQL binaries"
pg_bin=""
for dir in "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")" /usr/lib/postgresql/*/bin; do
  if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then pg_bin=$dir; break; fi
done
if [ -z "$pg_bin" ]; then
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
"$pg_bin/postgres" --version

step "Typecheck"
npx tsc

step "Lint"
npx eslint .

step "Integration tests on embedded PGlite"
npx vitest run

step "Throwaway PostgreSQL cluster"
pg_dir=$(mktemp -d /tmp/charter-pg.XXXXXX)
pg_port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
cleanup() {
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap cleanup EXIT
run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null
echo "PostgreSQL on port $pg_port"

step "Integration tests on PostgreSQL"
DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres" npx vitest run

step "Production build"
NODE_ENV=production npm run build --silent >/dev/null

step "End-to-end tests in Chromium"
# The fault spec runs the app on this PostgreSQL server behind a proxy it can cut.
CHARTER_TEST_PG="postgres://postgres@127.0.0.1:$pg_port/postgres" npx playwright test

step "Load test on PostgreSQL (200 users and 10 buyers at once)"
DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres" npx tsx tests/load/feedback-and-signoffs.ts

step "All tests passed"
