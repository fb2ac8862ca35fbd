"""The tiny test guest boots under software emulation, shows text, and powers off on ACPI."""
import hashlib
import json
import subprocess

from tests.guest.guest_image import build_guest_image
from tests.guest.qemu_guest import QemuGuest, text_rows_on_screen

# SeaBIOS alone fills about five rows of the 25-row text screen; a booted kernel fills the screen.
BOOTED_SCREEN_ROWS = 12


def boot_check_screen_and_power_off(guest: QemuGuest, marker: str, tmp_path):
    guest.wait_for_serial(marker)

    guest.qmp("screendump", filename=str(tmp_path / "screen.ppm"))
    rows = text_rows_on_screen((tmp_path / "screen.ppm").read_bytes())
    assert rows >= BOOTED_SCREEN_ROWS, f"the VGA screen shows only {rows} rows of text"

    guest.qmp("system_powerdown")
    assert guest.wait_for_exit() == 0
    assert "powering off" in guest.serial()


def test_the_manifest_describes_every_file_with_its_checksum_and_image_formats(guest_image):
    # Given the built guest image
    files = guest_image.manifest["files"]

    # Then each file has the formats the image service registers it with, and its size and checksum
    assert {name: (f["disk_format"], f["container_format"]) for name, f in files.items()} == {
        "vmlinuz": ("aki", "aki"), "initrd.img": ("ari", "ari"), "disk.qcow2": ("qcow2", "bare")}
    for name, record in files.items():
        content = guest_image.path(name).read_bytes()
        assert (record["size"], record["sha256"]) == (len(content), hashlib.sha256(content).hexdigest())
    assert guest_image.manifest["marker"]
    assert "console=ttyS0" in guest_image.manifest["kernel_cmdline"]
    assert "busybox-static" in guest_image.manifest["debian_packages"]


def test_building_again_with_nothing_changed_keeps_the_files(guest_image):
    # Given a built guest image
    before = {path.name: path.stat().st_mtime_ns for path in guest_image.directory.iterdir()}

    # When the build runs again with the same script and package versions
    output = build_guest_image()

    # Then it reports the image up to date and leaves every file alone
    assert "up to date" in output
    assert {path.name: path.stat().st_mtime_ns for path in guest_image.directory.iterdir()} == before


def test_the_disk_fits_the_smallest_flavor_root_disk(guest_image):
    # Given the bootable disk
    info = json.loads(subprocess.run(["qemu-img", "info", "--output=json", guest_image.path("disk.qcow2")],
                                     check=True, capture_output=True, text=True).stdout)

    # Then it is a qcow2 whose virtual size fits m1.tiny's 1 GB root disk, as its min_disk says
    assert info["format"] == "qcow2"
    assert info["virtual-size"] <= guest_image.manifest["files"]["disk.qcow2"]["min_disk"] * 1024**3


def test_a_flavor_sized_overlay_of_the_disk_boots_shows_text_and_powers_off_on_acpi(
        guest_image, qemu_binary, tmp_path):
    # Given an overlay on the disk grown to a flavor's root disk size, as a compute host makes it
    overlay = tmp_path / "root.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2",
                    "-b", guest_image.path("disk.qcow2"), overlay, "1G"], check=True)
    bus = guest_image.manifest["files"]["disk.qcow2"]["properties"]["hw_disk_bus"]

    # When it boots from the disk alone on the `pc` machine
    with QemuGuest(qemu_binary, tmp_path, "pc", ["-drive", f"file={overlay},format=qcow2,if={bus}"]) as guest:
        # Then the marker reaches the serial console, the screen shows text, and ACPI power-off ends it
        boot_check_screen_and_power_off(guest, guest_image.manifest["marker"], tmp_path)


def test_the_kernel_and_initramfs_boot_directly_show_text_and_power_off_on_acpi(guest_image, qemu_binary, tmp_path):
    # Given the kernel, the initramfs and the manifest's command line
    boot_args = ["-kernel", str(guest_image.path("vmlinuz")), "-initrd", str(guest_image.path("initrd.img")),
                 "-append", guest_image.manifest["kernel_cmdline"]]

    # When QEMU boots them directly on the `q35` machine
    with QemuGuest(qemu_binary, tmp_path, "q35", boot_args) as guest:
        # Then the marker reaches the serial console, the screen shows text, and ACPI power-off ends it
        boot_check_screen_and_power_off(guest, guest_image.manifest["marker"], tmp_path)
