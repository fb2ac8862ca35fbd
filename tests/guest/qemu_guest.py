"""A QEMU guest under software emulation, driven through its serial log and a QMP socket."""
import json
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

BOOT_DEADLINE = 120  # seconds; generous because a loaded CI machine emulates the CPU in software
EXIT_DEADLINE = 60


class QemuGuest:
    """Starts `qemu-system-x86_64 -accel tcg` with the given boot arguments; always kills it on exit."""

    def __init__(self, binary: str, workdir: Path, machine: str, boot_args: list[str]):
        self.serial_log = workdir / "serial.log"
        # A short directory of its own: a unix socket path must stay under 108 bytes.
        self.socket_dir = Path(tempfile.mkdtemp(prefix="xc-qmp-"))
        self.qmp_path = self.socket_dir / "qmp.sock"
        self.argv = [
            binary, "-machine", machine, "-accel", "tcg", "-m", "256", "-smp", "1",
            "-nodefaults", "-vga", "std", "-display", "none", "-no-reboot",
            "-serial", f"file:{self.serial_log}",
            "-qmp", f"unix:{self.qmp_path},server=on,wait=off", *boot_args,
        ]
        self.process: subprocess.Popen | None = None
        self.qmp_socket = self.qmp_file = None

    def __enter__(self):
        self.process = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def __exit__(self, *exc):
        if self.qmp_socket:
            self.qmp_file.close()
            self.qmp_socket.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        shutil.rmtree(self.socket_dir, ignore_errors=True)

    def serial(self) -> str:
        return self.serial_log.read_text(errors="replace") if self.serial_log.exists() else ""

    def _wait(self, condition, deadline: float, what: str):
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            if condition():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        output = self.process.stdout.read().decode(errors="replace") if self.process.poll() is not None else ""
        raise AssertionError(f"{what} did not happen (qemu exit code {self.process.poll()}, output {output!r});"
                             f" serial console ends with:\n{self.serial()[-2000:]}")

    def wait_for_serial(self, text: str, deadline: float = BOOT_DEADLINE):
        self._wait(lambda: text in self.serial(), deadline, f"{text!r} on the serial console")

    def qmp(self, command: str, **arguments):
        """Run one QMP command and return its `return` value, skipping the events in between."""
        if self.qmp_file is None:
            self._wait(self.qmp_path.exists, EXIT_DEADLINE, "the QMP socket")
            self.qmp_socket = socket.socket(socket.AF_UNIX)
            self.qmp_socket.settimeout(EXIT_DEADLINE)
            self.qmp_socket.connect(str(self.qmp_path))
            self.qmp_file = self.qmp_socket.makefile("rw")
            self.qmp_file.readline()  # the greeting
            self.qmp("qmp_capabilities")
        self.qmp_file.write(json.dumps({"execute": command, "arguments": arguments}) + "\n")
        self.qmp_file.flush()
        while True:
            reply = json.loads(self.qmp_file.readline())
            if "event" not in reply:
                break
        assert "error" not in reply, f"QMP {command} failed: {reply['error']}"
        return reply["return"]

    def wait_for_exit(self, deadline: float = EXIT_DEADLINE) -> int:
        try:
            return self.process.wait(timeout=deadline)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"qemu still runs {deadline}s later; serial console ends with:\n"
                                 f"{self.serial()[-2000:]}") from None


def text_rows_on_screen(ppm: bytes, row_height: int = 16) -> int:
    """How many text rows of a binary PPM screendump hold a pixel that differs from the background."""
    magic, size, _maxval, pixels = ppm.split(b"\n", 3)
    assert magic == b"P6", f"not a binary PPM: {magic!r}"
    width, height = map(int, size.split())
    stride = width * 3
    background = pixels[:3]
    rows = 0
    for top in range(0, height, row_height):
        band = pixels[top * stride:(top + row_height) * stride]
        rows += any(band[i:i + 3] != background for i in range(0, len(band), 3))
    return rows
