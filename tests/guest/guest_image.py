"""The built test guest (`ops/guest-image.sh`): where its files are and what its manifest says."""
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from xcompute_site.env import var_dir


@dataclass(frozen=True)
class GuestImage:
    """The built artifacts and their manifest (marker, kernel command line, per-file image records)."""

    directory: Path
    manifest: dict

    def path(self, name: str) -> Path:
        return self.directory / name


def build_guest_image() -> str:
    """Run the build script (about a second when nothing changed) and return what it printed."""
    result = subprocess.run([settings.BASE_DIR / "ops" / "guest-image.sh"], timeout=600,
                            capture_output=True, text=True)
    assert result.returncode == 0, f"ops/guest-image.sh failed:\n{result.stdout}{result.stderr}"
    return result.stdout


def load_guest_image() -> GuestImage:
    directory = var_dir() / "guest-image"
    return GuestImage(directory, json.loads((directory / "manifest.json").read_text()))
