"""The host's image cache against a real HTTP server that speaks the Image API's two read calls."""
import hashlib
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hostagent.virt.exceptions import VirtError
from hostagent.virt.image_cache import ImageCache

TOKEN = "secret-token"
IMAGE = "6a1f2e3d-0000-4000-8000-000000000001"
OTHER = "6a1f2e3d-0000-4000-8000-000000000002"


class ImageServer:
    """Serves image records and data from dicts, and counts the requests it answers."""

    def __init__(self):
        self.data, self.records, self.requests = {}, {}, []
        self.file_delay, self.barrier = 0.0, None
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def add(self, image_id, data, **record):
        sha512 = hashlib.sha512(data).hexdigest()
        self.data[image_id] = data
        self.records[image_id] = {"id": image_id, "status": "active", "disk_format": "qcow2", "size": len(data),
                                  "checksum": hashlib.md5(data).hexdigest(), "os_hash_algo": "sha512",
                                  "os_hash_value": sha512, **record}

    def downloads(self, image_id):
        return self.requests.count(f"/v2/images/{image_id}/file")

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                if self.headers.get("X-Auth-Token") != TOKEN:
                    return self._send(401, b"{}")
                parts = self.path.strip("/").split("/")  # v2 images <id> [file]
                if len(parts) < 3 or parts[2] not in server.records:
                    return self._send(404, b"{}")
                if len(parts) == 3:
                    return self._send(200, json.dumps(server.records[parts[2]]).encode())
                if server.barrier:
                    server.barrier.wait()  # both downloads must be in flight at once to get past
                time.sleep(server.file_delay)
                self._send(200, server.data[parts[2]])

            def _send(self, status, body):
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def server():
    server = ImageServer()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def cache(tmp_path, server):
    return ImageCache(tmp_path, server.url, TOKEN)


def test_fetching_an_image_downloads_its_data_into_the_base_directory(tmp_path, server, cache):
    data = os.urandom(3 * 1024 * 1024 + 17)
    server.add(IMAGE, data)

    path = cache.fetch(IMAGE)

    assert path == tmp_path / "_base" / IMAGE
    assert path.read_bytes() == data
    assert sorted(p.name for p in path.parent.iterdir()) == [IMAGE]


def test_a_second_fetch_reuses_the_base_file_without_downloading_again(server, cache):
    server.add(IMAGE, b"disk" * 1000)
    cache.fetch(IMAGE)

    cache.fetch(IMAGE)

    assert server.downloads(IMAGE) == 1


def test_an_image_without_os_hash_is_verified_against_its_md5_checksum(server, cache):
    server.add(IMAGE, b"legacy image", os_hash_algo=None, os_hash_value=None)

    assert cache.fetch(IMAGE).read_bytes() == b"legacy image"


def test_data_that_does_not_match_the_records_hash_is_an_error_and_leaves_no_file(tmp_path, server, cache):
    server.add(IMAGE, b"the real image")
    server.data[IMAGE] = b"tampered image"

    with pytest.raises(VirtError, match="does not match its sha512 checksum"):
        cache.fetch(IMAGE)

    assert list((tmp_path / "_base").iterdir()) == []


def test_an_image_the_api_does_not_know_is_an_error(cache):
    with pytest.raises(VirtError, match="404"):
        cache.fetch(IMAGE)


def test_two_threads_fetching_one_image_cause_one_download(server, cache):
    server.add(IMAGE, os.urandom(2 * 1024 * 1024))
    server.file_delay = 0.2  # the second fetch arrives while the first is downloading
    paths = []
    threads = [threading.Thread(target=lambda: paths.append(cache.fetch(IMAGE))) for _ in range(2)]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(paths) == 2 and paths[0] == paths[1]
    assert server.downloads(IMAGE) == 1


def test_different_images_download_in_parallel(server, cache):
    server.add(IMAGE, b"first")
    server.add(OTHER, b"second")
    server.barrier = threading.Barrier(2, timeout=5)  # breaks, and the downloads fail, if they run one at a time
    results = {}
    threads = [threading.Thread(target=lambda i=i: results.update({i: cache.fetch(i).read_bytes()}))
               for i in (IMAGE, OTHER)]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == {IMAGE: b"first", OTHER: b"second"}


def test_an_image_id_that_is_not_a_plain_name_is_refused(cache):
    with pytest.raises(VirtError, match="invalid image id"):
        cache.fetch("../../etc/passwd")


def test_pruning_removes_only_bases_that_are_unused_and_not_fetched_recently(server, cache):
    for image_id in ("old-unused", "old-in-use", "recent-unused"):
        server.add(image_id, image_id.encode())
        cache.fetch(image_id)
    long_ago = time.time() - 3600
    for image_id in ("old-unused", "old-in-use"):
        os.utime(cache.path(image_id), (long_ago, long_ago))

    removed = cache.prune(in_use={"old-in-use"}, max_age_seconds=600)

    assert removed == ["old-unused"]
    assert not cache.path("old-unused").exists()
    assert cache.path("old-in-use").exists() and cache.path("recent-unused").exists()


def test_fetching_a_cached_image_again_makes_it_recent_for_pruning(server, cache):
    server.add(IMAGE, b"data")
    cache.fetch(IMAGE)
    long_ago = time.time() - 3600
    os.utime(cache.path(IMAGE), (long_ago, long_ago))

    cache.fetch(IMAGE)

    assert cache.prune(in_use=set(), max_age_seconds=600) == []
    assert server.downloads(IMAGE) == 1


def test_pruning_removes_temp_files_left_by_a_crashed_download(cache):
    cache.directory.mkdir(parents=True)
    leftover = cache.directory / f".{IMAGE}.abc.part"
    leftover.write_bytes(b"half")
    long_ago = time.time() - 3600
    os.utime(leftover, (long_ago, long_ago))

    assert cache.prune(in_use=set(), max_age_seconds=600) == []
    assert not leftover.exists()


def test_pruning_an_empty_cache_removes_nothing(cache):
    assert cache.prune(in_use=set(), max_age_seconds=0) == []
