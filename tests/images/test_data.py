"""Image data in process: upload and download, failures, the store, and memory that stays flat."""
import hashlib
import io
import sys
import tracemalloc

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from images.exceptions import TooLarge
from images.models import Image
from images.services import data
from images.storage.filesystem import FileSystemStorage
from tests.images.factories import make_image


def stored_files(directory) -> list[str]:
    return sorted(path.name for path in directory.iterdir()) if directory.exists() else []


def test_an_upload_activates_the_image_with_its_size_and_hashes(image_api):
    image = make_image()
    payload = b"image bytes " * 10_000

    response = image_api.upload(f"/v2/images/{image.id}/file", payload)

    assert response.status_code == 204
    body = image_api.get(f"/v2/images/{image.id}").json()
    assert (body["status"], body["size"]) == ("active", len(payload))
    assert body["checksum"] == hashlib.md5(payload).hexdigest()
    assert (body["os_hash_algo"], body["os_hash_value"]) == ("sha512", hashlib.sha512(payload).hexdigest())


def test_a_download_streams_the_data_with_glances_content_md5(image_api):
    payload = bytes(range(256)) * 1000
    image = make_image(payload=payload)

    response = image_api.get(f"/v2/images/{image.id}/file")

    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == payload
    assert response["Content-MD5"] == hashlib.md5(payload).hexdigest()
    assert response["Content-Type"] == "application/octet-stream"


def test_an_image_without_data_downloads_as_204(image_api):
    assert image_api.get(f"/v2/images/{make_image().id}/file").status_code == 204


def test_data_is_uploaded_once_only(image_api):
    image = make_image(payload=b"first")
    response = image_api.upload(f"/v2/images/{image.id}/file", b"second")
    assert response.status_code == 409
    assert response.json()["message"] == "Image status transition from active to saving is not allowed"


def test_an_upload_needs_formats_and_octet_stream(image_api):
    image = make_image(disk_format=None)
    assert image_api.upload(f"/v2/images/{image.id}/file", b"x").status_code == 400
    assert image_api.upload(f"/v2/images/{image.id}/file", b"x", content_type="text/plain").status_code == 415


def test_a_short_body_queues_the_image_again_and_leaves_no_file(image_api, image_urls):
    image = make_image()
    response = image_api.client.put(f"/v2/images/{image.id}/file", data=b"only half", content_type="application/octet-stream",
                                    headers={"X-Auth-Token": "admin:admin"}, CONTENT_LENGTH="1000")

    assert response.status_code == 400
    assert "incomplete" in response.json()["message"]
    assert Image.objects.get(pk=image.id).status == "queued"
    assert stored_files(image_urls) == []


def test_an_image_over_the_size_cap_is_a_413_and_is_queued_again(image_api, settings, image_urls):
    settings.XCOMPUTE_IMAGE_SIZE_CAP = 1000
    image = make_image()
    response = image_api.upload(f"/v2/images/{image.id}/file", b"x" * 1001)

    assert response.status_code == 413
    assert response.json()["code"] == "413 Request Entity Too Large"
    assert Image.objects.get(pk=image.id).status == "queued"
    assert stored_files(image_urls) == []


def test_the_store_removes_its_temporary_file_when_the_chunks_fail(tmp_path):
    store = FileSystemStorage(tmp_path)

    def chunks():
        yield b"partial"
        raise TooLarge("stop")

    with pytest.raises(TooLarge):
        store.write("abc", chunks())
    assert list(tmp_path.iterdir()) == []


def test_the_store_never_shows_a_half_written_image(tmp_path):
    store = FileSystemStorage(tmp_path)
    store.write("abc", [b"old"])

    def chunks():
        yield b"new"
        raise OSError("disk went away")

    with pytest.raises(OSError):
        store.write("abc", chunks())
    assert store.open("abc").read() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["abc"]


class LazyBody:
    """A WSGI input producing `size` bytes on demand, as a socket does."""

    def __init__(self, size):
        self.left = size
        self.block = b"\xa5" * (1024 * 1024)

    def read(self, size=-1):
        size = self.left if size is None or size < 0 else min(size, self.left)
        self.left -= size
        return self.block[:size] if size <= len(self.block) else b"\xa5" * size

    readline = read  # Django's LimitedStream asks for it; a binary body has no lines to read


def test_a_64_mb_upload_through_the_wsgi_handler_does_not_buffer_the_body(image_api):
    """Given a 64 MB body read lazily, when the full Django stack stores it, then peak memory stays small."""
    image = make_image()
    size = 64 * 1024 * 1024
    environ = {
        "REQUEST_METHOD": "PUT", "PATH_INFO": f"/v2/images/{image.id}/file", "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": LazyBody(size), "wsgi.errors": sys.stderr,
        "CONTENT_TYPE": "application/octet-stream", "CONTENT_LENGTH": str(size), "HTTP_X_AUTH_TOKEN": "admin:admin",
    }
    statuses = []
    handler = WSGIHandler()
    # As Django's test client does: the test's transaction must survive the request's signals.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    tracemalloc.start()
    try:
        response = handler(environ, lambda status, headers: statuses.append(status))
        b"".join(response)
        response.close()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)

    assert statuses == ["204 No Content"]
    assert Image.objects.get(pk=image.id).size == size
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes while storing {size}"


def test_read_chunks_counts_what_a_chunked_body_delivers():
    hasher = data.Hasher()
    chunks = list(data.read_chunks(io.BytesIO(b"x" * 200_000), None, hasher, cap=10**9))
    assert sum(map(len, chunks)) == hasher.size == 200_000
    assert max(map(len, chunks)) == data.CHUNK_SIZE
