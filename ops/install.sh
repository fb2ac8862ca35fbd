#!/usr/bin/env bash
# Install what the node needs on a fresh Debian machine: system packages (only those missing),
# then the project's virtualenv from the pinned requirements (only when they changed).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3 python3-venv python3-dev build-essential pkg-config
  libvirt-dev libvirt-daemon-system qemu-system-x86 qemu-utils
  redis-server postgresql rabbitmq-server
  cpio dosfstools mtools syslinux syslinux-common
  dnsmasq-base iptables
  chromium
  genisoimage
)
# The noVNC build the console proxy serves (/usr/share/novnc, vnc_lite.html), pinned: console URLs
# and the browser test are checked against this version.
NOVNC_VERSION="1:1.3.0-1"

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ "$(dpkg-query -W -f='${Version}' novnc 2>/dev/null)" = "$NOVNC_VERSION" ] || missing+=("novnc=$NOVNC_VERSION")
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends --allow-downgrades \
    "${missing[@]}"
fi

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || {
  echo "Xloud Compute needs Python 3.11; set PYTHON=/path/to/python3.11" >&2; exit 1; }

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=.venv/.requirements.sha256
wanted=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "installing Python packages into .venv"
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -r requirements-dev.txt
  echo "$wanted" > "$stamp"
fi
