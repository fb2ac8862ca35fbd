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

# A /dev/kvm can exist and still fail QEMU on its first vCPU (nested KVM without the CPU features
# guests need: seen on this project's CI machines). `-cpu host` exercises that at once.
kvm_runs_guests() {
  [ -e /dev/kvm ] && command -v qemu-system-x86_64 >/dev/null || return 1
  local status
  status=$( { timeout 3 qemu-system-x86_64 -accel kvm -cpu host -machine pc -nodefaults -display none \
    -no-reboot >/dev/null 2>&1; echo $?; } 2>/dev/null )
  [ "$status" = 124 ]  # still running when timed out: the vCPU started
}

# libvirt runs guests as its QEMU user (Debian's libvirt-qemu): a /dev/kvm only root may open (no
# udev rule giving it to group kvm) is no KVM for them, however well it runs root's QEMU.
qemu_user_opens_kvm() {
  id libvirt-qemu >/dev/null 2>&1 || return 0  # another QEMU user: leave the decision to libvirt
  runuser -u libvirt-qemu -- test -r /dev/kvm -a -w /dev/kvm
}

start_libvirtd() {
  command -v libvirtd >/dev/null || return 0
  virsh -c qemu:///system version >/dev/null 2>&1 && return
  echo "starting libvirtd"
  pgrep -x virtlogd >/dev/null || virtlogd --daemon
  if ! { kvm_runs_guests && qemu_user_opens_kvm; } && [ -e /dev/kvm ] && [ "$(id -u)" -eq 0 ]; then
    # libvirt probes QEMU's capabilities as root (KVM present) but checks /dev/kvm as the QEMU user;
    # when the two disagree it throws its capability cache away and probes again (7-30 s) on every
    # define. In libvirtd's own mount namespace /dev/kvm is masked by an unusable file, so libvirt
    # and the guests it starts see no KVM at all, which is the truth here (software emulation).
    # Its qemu.conf there turns off the per-guest /dev namespaces, which cannot carry that mask.
    echo "KVM cannot run guests here: libvirtd starts without it (software emulation)"
    mkdir -p /run/xcompute && : > /run/xcompute/no-kvm && chmod 000 /run/xcompute/no-kvm
    { cat /etc/libvirt/qemu.conf; echo 'namespaces = []'; } > /run/xcompute/qemu.conf
    unshare --mount --propagation private sh -c 'mount --bind /run/xcompute/no-kvm /dev/kvm &&
      mount --bind /run/xcompute/qemu.conf /etc/libvirt/qemu.conf && exec libvirtd --daemon' ||
      libvirtd --daemon
  else
    libvirtd --daemon
  fi
  for _ in $(seq 50); do virsh -c qemu:///system version >/dev/null 2>&1 && return; sleep 0.2; done
  echo "libvirtd did not answer; the agent will use a simulated host" >&2
}

for service in "$@"; do "start_$service"; done
