#!/usr/bin/env bash
# Start the backing services the node or the tests need, when they are not already running.
#   ops/services.sh redis [postgresql] [rabbitmq] [libvirtd]
set -euo pipefail

start_redis() {
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return
  echo "starting redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/xcompute.log
  for _ in $(seq 50); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && return; sleep 0.2; done
  echo "redis did not start" >&2; exit 1
}

start_postgresql() {
  if ! pg_isready -q -h /var/run/postgresql; then
    echo "starting postgresql"
    version=$(ls /etc/postgresql | sort -n | tail -1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 50); do pg_isready -q -h /var/run/postgresql && break; sleep 0.2; done
  fi
  # The tests connect over the local socket as the current user, who needs to create databases.
  user=$(id -un)
  if ! runuser -u postgres -- psql -Atqc "select 1 from pg_roles where rolname='$user'" | grep -q 1; then
    runuser -u postgres -- createuser --superuser "$user"
  fi
}

start_rabbitmq() {
  # The tests prove the Celery paths on RabbitMQ as well as on Redis.
  command -v rabbitmq-server >/dev/null || return 0
  rabbitmq-diagnostics -q ping >/dev/null 2>&1 && return
  echo "starting rabbitmq"
  rabbitmq-server -detached
  for _ in $(seq 150); do rabbitmq-diagnostics -q ping >/dev/null 2>&1 && return; sleep 0.4; done
  echo "rabbitmq did not start" >&2; exit 1
}

start_libvirtd() {
  command -v libvirtd >/dev/null || return 0
  virsh -c qemu:///system version >/dev/null 2>&1 && return
  echo "starting libvirtd"
  pgrep -x virtlogd >/dev/null || virtlogd --daemon
  libvirtd --daemon
  for _ in $(seq 50); do virsh -c qemu:///system version >/dev/null 2>&1 && return; sleep 0.2; done
  echo "libvirtd did not answer; the agent will use a simulated host" >&2
}

for service in "$@"; do "start_$service"; done
