#!/bin/sh
# End to end: a fresh sandbox-gateway (embedded PostgreSQL in $WORK/data), two accounts (one API client
# schema for each side, both fresh copies of public), the DRF twin over the second one, the comparison,
# then both servers stopped (the Node server with SIGTERM, which also stops its PostgreSQL).
#
# usage: bench/drf-twin/run.sh [WORK]        WORK defaults to /tmp/drftwin/run; OURS_PORT=3411 TWIN_PORT=8411
# needs: node (the repository's node_modules), /usr/bin/python3 with Debian's python3-djangorestframework,
#        python3-django-filters, python3-djangorestframework-simplejwt, python3-psycopg2, python3-argon2.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
MAIN=$(cd "$HERE/../.." && pwd)
WORK=${1:-/tmp/drftwin/run}
OURS_PORT=${OURS_PORT:-3411}
TWIN_PORT=${TWIN_PORT:-8411}
PY=/usr/bin/python3
mkdir -p "$WORK"
rm -rf "$WORK/data"
NODE_PID=
TWIN_PID=

cleanup() {
  [ -n "$TWIN_PID" ] && kill "$TWIN_PID" 2>/dev/null || true
  if [ -n "$NODE_PID" ]; then
    kill "$NODE_PID" 2>/dev/null || true
    # SIGTERM drains, then stops the embedded PostgreSQL
    i=0; while kill -0 "$NODE_PID" 2>/dev/null && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
  fi
}
trap cleanup EXIT INT TERM

echo "starting sandbox-gateway on :$OURS_PORT (data in $WORK/data)"
(cd "$MAIN" && PORT=$OURS_PORT DATA_DIR="$WORK/data" LOG_LEVEL=warn exec node -r @swc-node/register src/main.ts) > "$WORK/node.log" 2>&1 &
NODE_PID=$!
i=0; until curl -sf "http://127.0.0.1:$OURS_PORT/readyz" > /dev/null; do
  sleep 2; i=$((i + 1)); [ $i -lt 90 ] || { echo "sandbox-gateway did not start:"; tail -20 "$WORK/node.log"; exit 1; }
done

for side in ours twin; do
  curl -s "http://127.0.0.1:$OURS_PORT/api/auth/register/" -H 'content-type: application/json' \
    -d "{\"email\":\"$side-bench@example.com\",\"password\":\"a long passphrase\",\"first_name\":\"$side\"}" > "$WORK/register-$side.json"
done
field() { $PY -c "import json,sys; print(json.load(open(sys.argv[1]))['client'][sys.argv[2]])" "$1" "$2"; }
OURS_KEY=$(field "$WORK/register-ours.json" api_key)
TWIN_SCHEMA=$(field "$WORK/register-twin.json" schema)
echo "ours: schema $(field "$WORK/register-ours.json" schema); twin: schema $TWIN_SCHEMA"

echo "starting the DRF twin on :$TWIN_PORT"
"$HERE/run-twin.sh" "$WORK/data" "$TWIN_SCHEMA" "$TWIN_PORT" > "$WORK/twin.log" 2>&1 &
TWIN_PID=$!
i=0; until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$TWIN_PORT/api/")" = 401 ]; do
  sleep 1; i=$((i + 1)); [ $i -lt 60 ] || { echo "the twin did not start:"; tail -20 "$WORK/twin.log"; exit 1; }
done

$PY "$HERE/compare.py" --ours "http://127.0.0.1:$OURS_PORT" --ours-key "$OURS_KEY" --ours-email ours-bench@example.com \
  --ours-secret-file "$WORK/data/jwt-secret" --twin "http://127.0.0.1:$TWIN_PORT" --twin-email twin-bench@example.com \
  --report "$HERE/report.json"
