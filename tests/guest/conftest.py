"""The tiny test guest: `ops/guest-image.sh` runs once per session and rebuilds only what changed."""
import shutil

import pytest

from tests.guest.guest_image import GuestImage, build_guest_image, load_guest_image


@pytest.fixture(scope="session")
def guest_image() -> GuestImage:
    build_guest_image()
    return load_guest_image()


@pytest.fixture(scope="session")
def qemu_binary() -> str:
    binary = shutil.which("qemu-system-x86_64")
    if binary is None:
        pytest.skip("qemu-system-x86_64 is not installed (ops/install.sh installs qemu-system-x86)")
    return binary
