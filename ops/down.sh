#!/usr/bin/env bash
# `make down`: stop every service of the all-in-one node.
set -euo pipefail
cd "$(dirname "$0")/.."
conf=var/supervisord.conf
if [ -S var/supervisor.sock ] && .venv/bin/supervisorctl -c "$conf" pid >/dev/null 2>&1; then
  .venv/bin/supervisorctl -c "$conf" shutdown
else
  echo "the node is not running"
fi
