#!/usr/bin/env bash
# `make up`: install, migrate, collect static files, bootstrap and start every service of the all-in-one
# node under supervisord, wait until all of them report up, then print the endpoints.
set -euo pipefail
cd "$(dirname "$0")/.."

ops/install.sh
ops/services.sh redis libvirtd
export XCOMPUTE_PROFILE=${XCOMPUTE_PROFILE:-demo}
# The node's simulated hosts are small (unless set otherwise), so a server lands on this machine's
# real host, where it has a serial log, a console and a NIC, until that fills up or a zone says so.
export XCOMPUTE_SIMULATED_VCPUS=${XCOMPUTE_SIMULATED_VCPUS:-2}
export XCOMPUTE_SIMULATED_MEMORY_MB=${XCOMPUTE_SIMULATED_MEMORY_MB:-4096}
export XCOMPUTE_SIMULATED_DISK_GB=${XCOMPUTE_SIMULATED_DISK_GB:-20}
manage() { .venv/bin/python manage.py "$@"; }

# The tiny guest a fresh node boots (built once from Debian packages); bootstrap registers it.
ops/guest-image.sh >/dev/null
manage migrate --noinput -v0
# The dashboard's CSS and JS into STATIC_ROOT (var/static), which whitenoise serves with caching headers.
manage collectstatic --noinput -v0
XCOMPUTE_LOG_LEVEL=WARNING manage bootstrap >/dev/null
conf=$(manage supervisor_config)
# supervisorctl exits 4 when no supervisord answers; 0 or 3 mean one runs (3: a program is stopped).
if .venv/bin/supervisorctl -c "$conf" status >/dev/null 2>&1 || [ $? -ne 4 ]; then
  # A supervisor from an earlier `make up` is running: reload its programs.
  .venv/bin/supervisorctl -c "$conf" reread >/dev/null
  .venv/bin/supervisorctl -c "$conf" update >/dev/null
  .venv/bin/supervisorctl -c "$conf" restart all >/dev/null
else
  .venv/bin/supervisord -c "$conf"
fi
manage wait_healthy --timeout "${XCOMPUTE_UP_TIMEOUT:-120}"
XCOMPUTE_LOG_LEVEL=WARNING manage bootstrap
echo
echo "Try: OS_CLIENT_CONFIG_FILE=var/clouds.yaml .venv/bin/openstack --os-cloud xcompute compute service list"
echo "Logs: var/log/   Stop: make down"
