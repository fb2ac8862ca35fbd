"""Headless Chromium (Debian's `chromium`) driven over the DevTools protocol: open a page, run script, screenshot."""
import base64
import itertools
import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
import websocket


class Tab:
    """One page of the browser, driven over its own DevTools WebSocket."""

    def __init__(self, debugger_url: str):
        self.ws = websocket.create_connection(debugger_url, timeout=60, suppress_origin=True)
        self.ids = itertools.count(1)

    def call(self, method: str, **params) -> dict:
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                assert "error" not in message, message
                return message["result"]

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)

    def evaluate(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def screenshot(self, path: Path) -> None:
        # A tab behind another paints nothing, and its capture waits forever.
        self.call("Page.bringToFront")
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))


class Browser(Tab):
    """The browser process and its first tab; `new_tab` opens more."""

    def __init__(self, profile_dir: Path, log_path: Path):
        binary = shutil.which("chromium")
        if binary is None:
            pytest.fail("chromium is not installed (ops/install.sh installs Debian's chromium)")
        with open(log_path, "w") as log:  # the child keeps its own copy of the fd
            self.process = self._start(binary, profile_dir, log)

        port_file = profile_dir / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"chromium did not start; see {log_path}")
            time.sleep(0.2)
        self.port = port_file.read_text().split()[0]
        page = next(target for target in requests.get(f"http://127.0.0.1:{self.port}/json/list", timeout=10).json()
                    if target["type"] == "page")
        super().__init__(page["webSocketDebuggerUrl"])
        self.tabs = []

    def new_tab(self) -> Tab:
        target = requests.put(f"http://127.0.0.1:{self.port}/json/new?about:blank", timeout=10).json()
        self.tabs.append(Tab(target["webSocketDebuggerUrl"]))
        return self.tabs[-1]

    @staticmethod
    def _start(binary, profile_dir: Path, log) -> subprocess.Popen:
        # As root (tests run as root) Chromium needs --no-sandbox; port 0 picks a free DevTools port,
        # which Chromium writes into DevToolsActivePort.
        return subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--remote-debugging-port=0", "--remote-allow-origins=*", f"--user-data-dir={profile_dir}",
             "--window-size=1024,768", "about:blank"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def close(self) -> None:
        try:
            for tab in [*self.tabs, self]:
                tab.ws.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
