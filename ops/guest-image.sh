#!/usr/bin/env bash
# `make guest-image`: build the tiny x86_64 test guest from Debian packages only (a kernel, a busybox
# initramfs, and a BIOS-bootable disk that holds both behind syslinux) into <var>/guest-image/, with
# manifest.json describing each file for the image service. Nothing is installed: the packages are
# fetched with `apt-get download` and unpacked with `dpkg-deb -x` into a scratch directory.
# The build is skipped while this script and the package versions are unchanged (a stamp file).
set -euo pipefail
SCRIPT=$(realpath "$0")
cd "$(dirname "$0")/.."

VAR_DIR=${XCOMPUTE_VAR_DIR:-$PWD/var}
OUT=$VAR_DIR/guest-image
MARKER=XCOMPUTE-GUEST-READY
# The cloud flavour is the smaller package (27 MB against 71 MB) and has the VGA text console, the
# 8250 serial console and ACPI built in.
KERNEL_META=linux-image-cloud-amd64
# button: the ACPI power button; evdev: its /dev/input node, which busybox acpid reads.
# The virtio drivers let the guest see the disk and NIC a compute host gives it.
MODULES=(button evdev virtio_pci virtio_blk virtio_net)
KERNEL_CMDLINE="console=tty0 console=ttyS0,115200n8"
DISK_MB=64                 # the FAT partition holds the kernel and the initramfs; the guest never writes it
PART_START=2048            # sectors: the usual 1 MiB alignment of the first partition
FILES=(vmlinuz initrd.img disk.qcow2 manifest.json)
# Fixed timestamps make the same inputs give the same bytes, so image ids (from the sha256) stay.
export SOURCE_DATE_EPOCH=946684800  # 2000-01-01: FAT cannot date a file before 1980

require_tools() {
  local tool missing=()
  for tool in apt-get dpkg-deb cpio gzip mkfs.fat mcopy syslinux qemu-img flock; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  [ -r /usr/lib/syslinux/mbr/mbr.bin ] || missing+=(syslinux-common)
  [ ${#missing[@]} -eq 0 ] || { echo "missing ${missing[*]}: run ops/install.sh (make install)" >&2; exit 1; }
}

resolve_packages() {  # the versions apt would install now; one apt-cache call, as each takes a second
  local fields
  fields=$(apt-cache show --no-all-versions "$KERNEL_META" busybox-static 2>/dev/null) || true
  if ! grep -q '^Package: busybox-static$' <<<"$fields"; then  # no package lists yet
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    fields=$(apt-cache show --no-all-versions "$KERNEL_META" busybox-static)
  fi
  declare -gA VERSIONS=()
  while read -r package version; do VERSIONS[$package]=$version; done \
    < <(awk '/^Package: /{p=$2} /^Version: /{print p, $2}' <<<"$fields")
  # The metapackage pins one kernel image: "Depends: linux-image-6.1.0-57-cloud-amd64 (= 6.1.192-3)".
  read -r kernel_package kernel_version \
    < <(sed -n 's/^Depends: \(linux-image-[^ ,]*\) (= \([^)]*\)).*/\1 \2/p' <<<"$fields" | head -1)
  [ -n "${kernel_package:-}" ] || { echo "apt knows no $KERNEL_META" >&2; exit 1; }
  VERSIONS[$kernel_package]=$kernel_version
  kernel_release=${kernel_package#linux-image-}
  # The disk's boot code comes from the host's syslinux (installed by ops/install.sh).
  for package in syslinux syslinux-common; do
    VERSIONS[$package]=$(dpkg-query -W -f='${Version}' "$package")
  done
}

stamp_of() {
  { sha256sum < "$SCRIPT"; for package in $(printf '%s\n' "${!VERSIONS[@]}" | sort); do
      echo "$package=${VERSIONS[$package]}"; done; } | sha256sum | cut -d' ' -f1
}

up_to_date() {
  [ "$(cat "$OUT/.stamp" 2>/dev/null)" = "$1" ] || return 1
  for file in "${FILES[@]}"; do [ -s "$OUT/$file" ] || return 1; done
}

fetch_packages() {  # into $work/pkg/<name>/
  mkdir -p "$work/debs"
  (cd "$work/debs" && apt-get download -qq -o APT::Sandbox::User=root \
    "$kernel_package=${VERSIONS[$kernel_package]}" "busybox-static=${VERSIONS[busybox-static]}") || {
    echo "apt-get download failed; if the package lists are stale, run apt-get update and retry" >&2
    exit 1; }
  for deb in "$work"/debs/*.deb; do
    name=$(dpkg-deb -f "$deb" Package)
    dpkg-deb -x "$deb" "$work/pkg/$name"
  done
}

add_modules() {  # the wanted modules and what they depend on, with a busybox-made modules.dep
  local from=$work/pkg/$kernel_package/lib/modules/$kernel_release to=$root/lib/modules/$kernel_release
  local queue=("${MODULES[@]}") seen=" " module path
  mkdir -p "$to"
  cp "$from"/modules.order "$from"/modules.builtin "$to"/
  while [ ${#queue[@]} -gt 0 ]; do
    module=${queue[0]}; queue=("${queue[@]:1}")
    case $seen in *" $module "*) continue ;; esac
    seen="$seen$module "
    path=$(cd "$from" && find kernel -name "$module.ko" | head -1)
    [ -n "$path" ] || { grep -q "/$module.ko$" "$from/modules.builtin" && continue
      echo "module $module is not in $kernel_package" >&2; exit 1; }
    mkdir -p "$to/$(dirname "$path")"
    cp "$from/$path" "$to/$path"
    # The .modinfo section holds NUL-separated key=value strings, "depends=a,b" among them.
    # shellcheck disable=SC2207
    queue+=($(tr '\0' '\n' < "$from/$path" | sed -n 's/^depends=//p' | tr ',' ' '))
  done
  "$root/bin/busybox" depmod -b "$root" "$kernel_release"
}

write_init() {
  { printf '#!/bin/sh\nMODULES="%s"\nMARKER=%s\n' "${MODULES[*]}" "$MARKER"; cat <<'EOF'; } > "$root/init"
# PID 1 of the Xloud Compute test guest: mount, load the power-button driver, start acpid, announce
# readiness on the serial console and the screen, then hand over to busybox init (shells on both).
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /tmp /var/log /var/run
for module in $MODULES; do modprobe $module; done
# acpid reads the input event nodes that exist when it starts, so wait for the power button's.
button=
for _ in $(seq 100); do
  for event in /sys/class/input/input*/event*; do
    grep -qx "Power Button" ${event%/*}/name 2>/dev/null && [ -c /dev/input/${event##*/} ] || continue
    button=/dev/input/${event##*/}; break 2
  done
  usleep 50000
done
[ -n "$button" ] || echo "xcompute guest: no ACPI power button found" > /dev/ttyS0
acpid -f -l /var/log/acpid.log &
# The marker promises that a power-off request is honoured: wait until acpid holds the node open.
for _ in $(seq 100); do
  ls -l /proc/$!/fd 2>/dev/null | grep -q "$button\$" && break
  usleep 50000
done
hostname xcompute-guest
banner="Xloud Compute test guest ($(uname -r)): the ACPI power button powers it off"
for tty in /dev/tty0 /dev/ttyS0; do printf '%s\n%s\n' "$banner" "$MARKER" > $tty; done
# A NIC (the port the compute host plugged) asks DHCP for its address, after the marker so the
# marker's timing does not depend on the network; the lease is reported on the serial console.
if [ -e /sys/class/net/eth0 ]; then
  (ip link set eth0 up; udhcpc -i eth0 -q -t 20 -T 1 -s /etc/udhcpc.script >/dev/null 2>&1 ||
    echo "xcompute guest: eth0 got no DHCP lease" > /dev/ttyS0) &
fi
exec /bin/init
EOF
  cat > "$root/etc/udhcpc.script" <<'EOF'
#!/bin/sh
# busybox udhcpc's hook: configure eth0 from the lease and say what it got.
case "$1" in
  bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/$mask" dev "$interface"
    [ -n "$router" ] && ip route replace default via "${router%% *}" dev "$interface"
    echo "xcompute guest: $interface $ip/$mask from DHCP (router ${router:-none})" > /dev/ttyS0 ;;
esac
EOF
  cat > "$root/etc/inittab" <<'EOF'
ttyS0::respawn:-/bin/sh
tty1::respawn:-/bin/sh
::ctrlaltdel:/bin/poweroff -f
EOF
  cat > "$root/etc/acpi/PWRF/00000080" <<'EOF'
#!/bin/sh
echo "xcompute guest: power button pressed, powering off" > /dev/ttyS0
poweroff -f
EOF
  chmod +x "$root/init" "$root/etc/acpi/PWRF/00000080" "$root/etc/udhcpc.script"
}

build_initrd() {
  root=$work/root
  mkdir -p "$root"/{bin,dev,proc,sys,etc/acpi/PWRF,root,tmp,var}
  cp "$work/pkg/busybox-static/bin/busybox" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
  done
  ln -s bin "$root/sbin"
  add_modules
  write_init
  find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  (cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) |
    gzip -9 -n > "$work/out/initrd.img"
}

build_disk() {  # an MBR disk with one bootable FAT partition: syslinux, the kernel and the initramfs
  local raw=$work/disk.raw offset=$((PART_START * 512))
  local sectors=$((DISK_MB * 2048 - PART_START))
  truncate -s "${DISK_MB}M" "$raw"
  dd if=/usr/lib/syslinux/mbr/mbr.bin of="$raw" conv=notrunc status=none
  # Partition 1: active, type 0x0e (FAT16 LBA), LBA start and length little-endian; then 55 aa.
  le32() { printf '\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24)); }
  printf "\x80\xfe\xff\xff\x0e\xfe\xff\xff$(le32 $PART_START)$(le32 $sectors)" |
    dd of="$raw" bs=1 seek=446 conv=notrunc status=none
  printf '\x55\xaa' | dd of="$raw" bs=1 seek=510 conv=notrunc status=none
  mkfs.fat -F 16 -n XCGUEST -i 58434f4d --invariant --offset "$PART_START" "$raw" $((sectors / 2)) >/dev/null
  syslinux --offset "$offset" --install "$raw"
  cat > "$work/syslinux.cfg" <<EOF
SERIAL 0 115200
DEFAULT xcompute
PROMPT 0
TIMEOUT 0
LABEL xcompute
  KERNEL /vmlinuz
  INITRD /initrd.img
  APPEND $KERNEL_CMDLINE
EOF
  touch -d "@$SOURCE_DATE_EPOCH" "$work/syslinux.cfg" "$work/out/vmlinuz" "$work/out/initrd.img"
  mcopy -m -i "$raw@@$offset" "$work/syslinux.cfg" "$work/out/vmlinuz" "$work/out/initrd.img" ::
  qemu-img convert -f raw -O qcow2 "$raw" "$work/out/disk.qcow2"
}

file_entry() {  # FILE DISK_FORMAT CONTAINER_FORMAT [EXTRA_JSON]
  printf '"%s": {"disk_format": "%s", "container_format": "%s", "size": %s, "sha256": "%s"%s}' \
    "$1" "$2" "$3" "$(stat -c %s "$work/out/$1")" "$(sha256sum "$work/out/$1" | cut -d' ' -f1)" "${4:-}"
}

write_manifest() {
  local packages="" package
  for package in $(printf '%s\n' "${!VERSIONS[@]}" | sort); do
    packages="$packages${packages:+, }\"$package\": \"${VERSIONS[$package]}\""
  done
  cat > "$work/out/manifest.json" <<EOF
{
  "marker": "$MARKER",
  "kernel_cmdline": "$KERNEL_CMDLINE",
  "kernel_release": "$kernel_release",
  "files": {
    $(file_entry vmlinuz aki aki),
    $(file_entry initrd.img ari ari),
    $(file_entry disk.qcow2 qcow2 bare ', "min_disk": 1, "min_ram": 128, "properties": {"hw_disk_bus": "virtio", "hw_machine_type": "pc", "os_type": "linux", "os_distro": "debian", "os_version": "12"}')
  },
  "debian_packages": {$packages}
}
EOF
}

main() {
  require_tools
  mkdir -p "$VAR_DIR"
  exec 9>"$VAR_DIR/.guest-image.lock"
  flock 9  # concurrent callers (test sessions, `make up`) wait for one build
  resolve_packages
  stamp=$(stamp_of)
  if up_to_date "$stamp"; then echo "guest image up to date in $OUT"; return; fi
  echo "building the guest image ($kernel_package ${VERSIONS[$kernel_package]}) in $OUT"
  work=$(mktemp -d "$VAR_DIR/.guest-image.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/out" "$work/pkg"
  fetch_packages
  cp "$work/pkg/$kernel_package/boot/vmlinuz-$kernel_release" "$work/out/vmlinuz"
  build_initrd
  build_disk
  write_manifest
  echo "$stamp" > "$work/out/.stamp"
  rm -rf "$OUT"
  mv "$work/out" "$OUT"
  echo "guest image ready: $(cd "$OUT" && ls | tr '\n' ' ')"
}

main
