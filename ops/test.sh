#!/usr/bin/env bash
# `make test`: lint, migration check and the whole test suite on PostgreSQL, real Redis and libvirt.
set -euo pipefail
cd "$(dirname "$0")/.."

ops/install.sh
ops/services.sh redis postgresql rabbitmq libvirtd
export XCOMPUTE_PROFILE=test
export DATABASE_URL=${XCOMPUTE_TEST_DATABASE_URL:-postgres:///xcompute?host=/var/run/postgresql}
export XCOMPUTE_BROKER_URL=${XCOMPUTE_TEST_BROKER_URL:-redis://127.0.0.1:6379/15}
export XCOMPUTE_VAR_DIR=${XCOMPUTE_TEST_VAR_DIR:-$PWD/var/test}

.venv/bin/ruff check .
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null || {
  echo "models changed without a migration: run manage.py makemigrations" >&2; exit 1; }
exec .venv/bin/pytest "$@"
