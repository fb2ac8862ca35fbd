"""Fixtures of the servers tests: the build chain replaced by a recorder, a bootable image and flavor."""
import sys
import types

import pytest

import instances
from tests.instances.factories import make_image, tiny_flavor


@pytest.fixture(autouse=True)
def build_chain(monkeypatch):
    """`instances.build` as a recorder: `.started` holds (instances, request_spec), `.deleted` instances.

    Installed in sys.modules (and as the package attribute) so the tests never depend on the chain's module.
    """
    chain = types.ModuleType("instances.build")
    chain.started, chain.deleted = [], []
    chain.start = lambda rows, spec: chain.started.append((rows, spec))
    chain.delete = lambda instance: chain.deleted.append(instance)
    monkeypatch.setitem(sys.modules, "instances.build", chain)
    monkeypatch.setattr(instances, "build", chain, raising=False)  # in case the real module was imported
    return chain


@pytest.fixture
def image(db):
    return make_image(min_disk=1, min_ram=128, properties={"hw_disk_bus": "virtio"})


@pytest.fixture
def flavor(db):
    return tiny_flavor()


@pytest.fixture
def boot(member_api, image, flavor, django_capture_on_commit_callbacks):
    """`boot(**server_fields, version=..., hints=...)`: POST /servers as the member, commit callbacks run."""

    def post(version="2.37", hints=None, api=None, **fields):
        server = {"name": "s1", "flavorRef": "1", "imageRef": str(image.id), "networks": "none", **fields}
        body = {"server": {k: v for k, v in server.items() if v is not None}}
        if hints is not None:
            body["os:scheduler_hints"] = hints
        with django_capture_on_commit_callbacks(execute=True):
            return (api or member_api).post("/v2.1/servers", body, version=version)

    return post
