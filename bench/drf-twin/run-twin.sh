#!/bin/sh
# Starts the DRF twin over a client schema of a running sandbox-gateway's embedded PostgreSQL.
# usage: run-twin.sh <data dir of the Node server> <schema> [port]
# Creates schema twin_django (Django's own tables) and migrates it; never touches <schema>'s tables.
set -e
DATA_DIR=$1; SCHEMA=$2; PORT=${3:-8411}
cd "$(dirname "$0")/twin"
export TWIN_DB_HOST=127.0.0.1
export TWIN_DB_PORT=$(sed -n 4p "$DATA_DIR/pg/postmaster.pid")
export TWIN_DB_PASSWORD=$(cat "$DATA_DIR/pg-password")
export TWIN_SCHEMA=$SCHEMA
/usr/bin/python3 - <<'PY'
import os, psycopg2
c = psycopg2.connect(host=os.environ['TWIN_DB_HOST'], port=os.environ['TWIN_DB_PORT'], user='postgres',
                     password=os.environ['TWIN_DB_PASSWORD'], dbname='postgres')
c.autocommit = True
c.cursor().execute('create schema if not exists twin_django')
PY
[ -f store/migrations/0001_initial.py ] || /usr/bin/python3 manage.py makemigrations store -v 0
/usr/bin/python3 manage.py migrate -v 0
exec /usr/bin/python3 manage.py runserver --noreload "127.0.0.1:$PORT"
