"""GET/PUT/DELETE /servers/{id}: bodies at each microversion boundary, scoping, faults, renames, deletion."""
import hashlib

import pytest

from hosts.models import Service
from instances.models import Instance, InstanceAction
from tests.factories import make_service
from tests.instances.factories import make_instance


@pytest.fixture
def server(db):
    return make_instance("s1", host="node1", node="node1.example", metadata={"k": "v"}, tags=["t"],
                         locked_reason=None)


def show(api, instance, version=None) -> dict:
    response = api.get(f"/v2.1/servers/{instance.uuid}", version=version)
    assert response.status_code == 200, response.content
    return response.json()["server"]


class TestShow:
    def test_at_2_1_a_member_sees_novas_base_and_extended_fields_but_not_the_admin_ones(self, member_api, server):
        body = show(member_api, server)
        assert body["status"] == "ACTIVE" and body["OS-EXT-STS:vm_state"] == "active"
        assert body["hostId"] == hashlib.sha224(b"project-anode1").hexdigest()
        assert body["flavor"]["links"][0]["href"].endswith(f"/flavors/{server.flavor['flavorid']}")
        assert body["metadata"] == {"k": "v"} and body["addresses"] == {} and body["progress"] == 0
        assert body["image"]["id"] == server.image_ref
        assert not {"locked", "description", "tags", "OS-EXT-SRV-ATTR:host", "host_status"} & set(body)

    def test_an_admin_sees_host_node_and_instance_name_and_from_2_3_the_extended_attributes(self, admin_api, server):
        body = show(admin_api, server)
        assert (body["OS-EXT-SRV-ATTR:host"], body["OS-EXT-SRV-ATTR:hypervisor_hostname"]) == (
            "node1", "node1.example")
        assert body["OS-EXT-SRV-ATTR:instance_name"] == f"instance-{server.pk:08x}"
        assert "OS-EXT-SRV-ATTR:reservation_id" not in body
        assert show(admin_api, server, "2.3")["OS-EXT-SRV-ATTR:reservation_id"] == "r-test0001"

    @pytest.mark.parametrize("field, version", [
        ("locked", "2.9"), ("description", "2.19"), ("tags", "2.26"), ("locked_reason", "2.73"),
        ("trusted_image_certificates", "2.63"),
    ])
    def test_versioned_fields_appear_at_their_microversion(self, member_api, server, field, version):
        major, minor = version.split(".")
        assert field not in show(member_api, server, f"{major}.{int(minor) - 1}")
        assert field in show(member_api, server, version)

    def test_from_2_16_admins_see_the_host_status_from_the_service_registry(self, admin_api, member_api, server):
        make_service("node1")
        assert "host_status" not in show(admin_api, server, "2.15")
        assert show(admin_api, server, "2.16")["host_status"] == "UP"
        Service.objects.filter(host="node1").update(disabled=True)
        assert show(admin_api, server, "2.16")["host_status"] == "MAINTENANCE"
        assert "host_status" not in show(member_api, server, "2.16")

    def test_from_2_47_the_flavor_is_embedded(self, member_api, server):
        assert "id" in show(member_api, server, "2.46")["flavor"]
        assert show(member_api, server, "2.47")["flavor"] == {
            "vcpus": 1, "ram": 512, "disk": 1, "ephemeral": 0, "swap": 0,
            "original_name": server.flavor["name"], "extra_specs": {}}

    def test_another_projects_server_is_a_404(self, other_project_api, server):
        response = other_project_api.get(f"/v2.1/servers/{server.uuid}")
        assert response.status_code == 404
        assert response.json() == {"itemNotFound": {"code": 404,
                                                    "message": f"Instance {server.uuid} could not be found."}}

    def test_an_error_server_shows_its_newest_fault_with_details_for_admins_only(self, member_api, admin_api, db):
        instance = make_instance(vm_state="error", fault={"message": "No valid host was found.", "details": "tb"})
        fault = show(member_api, instance)["fault"]
        assert (fault["code"], fault["message"]) == (500, "No valid host was found.") and "details" not in fault
        assert fault["created"].endswith("Z")
        assert show(admin_api, instance)["fault"]["details"] == "tb"


class TestUpdate:
    def test_a_rename_and_from_2_19_a_description(self, member_api, server):
        response = member_api.put(f"/v2.1/servers/{server.uuid}", {"server": {"name": "new", "description": "d"}},
                                  version="2.19")
        assert response.status_code == 200, response.content
        body = response.json()["server"]
        assert (body["name"], body["description"]) == ("new", "d")
        assert "OS-EXT-STS:vm_state" not in body  # before 2.75 PUT answers without the extended attributes
        assert member_api.put(f"/v2.1/servers/{server.uuid}", {"server": {"description": "d"}},
                              version="2.18").status_code == 400


class TestDelete:
    def test_a_server_still_scheduling_is_deleted_directly(self, member_api, build_chain, db):
        instance = make_instance(vm_state="building", task_state="scheduling")
        assert member_api.delete(f"/v2.1/servers/{instance.uuid}").status_code == 204
        instance.refresh_from_db()
        assert (instance.vm_state, instance.task_state) == ("deleted", None) and instance.deleted_at
        assert build_chain.deleted == []
        assert InstanceAction.objects.get(instance=instance, action="delete")
        assert member_api.get(f"/v2.1/servers/{instance.uuid}").status_code == 404

    def test_a_server_on_a_host_moves_to_deleting_and_the_chain_deletes_it_once(
            self, member_api, build_chain, server, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            assert member_api.delete(f"/v2.1/servers/{server.uuid}").status_code == 204
            assert member_api.delete(f"/v2.1/servers/{server.uuid}").status_code == 204
        assert Instance.objects.get(pk=server.pk).task_state == "deleting"
        assert [i.uuid for i in build_chain.deleted] == [server.uuid]

    def test_a_locked_server_refuses_deletion_by_its_owner(self, member_api, db):
        instance = make_instance(locked=True)
        response = member_api.delete(f"/v2.1/servers/{instance.uuid}")
        assert response.status_code == 409
        assert response.json()["conflictingRequest"]["message"] == f"Instance {instance.uuid} is locked"
