"""POST /servers: Nova's 400s, multi-create naming, reservation ids, and what the build chain is handed."""
import base64

import pytest

from instances.models import Instance, InstanceAction
from tests.instances.factories import make_image


def bad_request(response) -> str:
    assert response.status_code == 400, response.content
    return response.json()["badRequest"]["message"]


class TestCreate:
    def test_a_boot_creates_one_building_scheduling_row_with_a_create_action_and_starts_the_chain(
            self, boot, build_chain):
        response = boot(metadata={"k": "v"}, description="web", version="2.52", tags=["a"])
        assert response.status_code == 202
        server = response.json()["server"]
        assert server["OS-DCF:diskConfig"] == "MANUAL" and server["security_groups"] == [{"name": "default"}]
        assert len(server["adminPass"]) == 12
        assert response["Location"] == server["links"][0]["href"]
        instance = Instance.objects.get(uuid=server["id"])
        assert (instance.vm_state, instance.task_state, instance.description) == ("building", "scheduling", "web")
        assert InstanceAction.objects.get(instance=instance).action == "create"
        [(rows, spec)] = build_chain.started
        assert [str(row.uuid) for row in rows] == [server["id"]] == spec["instance_uuids"]
        assert spec["flavor"]["memory_mb"] == 512 and spec["image_properties"] == {"hw_disk_bus": "virtio"}

    def test_multi_create_names_servers_name_1_name_2_and_can_answer_with_the_reservation_id(self, boot, build_chain):
        response = boot(min_count=2, max_count="3", return_reservation_id=True)
        reservation = response.json()["reservation_id"]
        assert response.status_code == 202 and reservation.startswith("r-") and len(reservation) == 10
        rows = Instance.objects.filter(reservation_id=reservation).order_by("launch_index")
        assert [(r.display_name, r.hostname, r.launch_index) for r in rows] == [
            ("s1-1", "s1-1", 0), ("s1-2", "s1-2", 1), ("s1-3", "s1-3", 2)]
        assert build_chain.started[0][1]["num_instances"] == 3

    def test_the_chain_gets_the_zone_hints_and_the_hinted_instances_hosts(self, boot, build_chain, admin_api):
        from tests.instances.factories import make_instance
        other = make_instance("o", host="node1")
        response = boot(api=admin_api, availability_zone="nova:node1:node1.example",
                        hints={"different_host": [str(other.uuid)]})
        assert response.status_code == 202, response.content
        spec = build_chain.started[0][1]
        assert (spec["availability_zone"], spec["requested_host"], spec["requested_node"], spec["force_hosts"]) == (
            "nova", "node1", "node1.example", True)
        assert spec["hinted_instance_hosts"] == {str(other.uuid): "node1"}

    def test_only_admins_may_name_a_host_in_the_zone(self, boot):
        assert boot(availability_zone="nova:node1").status_code == 403

    def test_no_chain_installed_leaves_the_server_in_build(self, boot, monkeypatch):
        import sys

        import instances
        monkeypatch.setitem(sys.modules, "instances.build", None)  # importing it fails as if it were absent
        monkeypatch.delattr(instances, "build")
        assert boot().status_code == 202
        assert Instance.objects.get().vm_state == "building"


@pytest.mark.parametrize("fields, version, message", [
    ({"flavorRef": "404"}, "2.37", "Flavor 404 could not be found."),
    ({"imageRef": "00000000-0000-0000-0000-000000000000"}, "2.37", "Can not find requested image"),
    ({"imageRef": "not-a-uuid"}, "2.37", "Invalid imageRef provided."),
    ({"key_name": "mykey"}, "2.37", "Invalid key_name provided."),
    ({"min_count": 3, "max_count": 2}, "2.37", "min_count must be <= max_count"),
    ({"name": " s1"}, "2.37", "An invalid 'name' value was provided."),
    ({"networks": None}, "2.37", "'networks' is a required property"),
    ({"description": "d"}, "2.18", "Additional properties are not allowed ('description' was unexpected)"),
    ({"tags": ["a"]}, "2.51", "Additional properties are not allowed ('tags' was unexpected)"),
    ({"user_data": "abc"}, "2.37", "is not a 'base64'"),
    ({"user_data": "a" * 65536}, "2.37", "is too long"),
    ({"availability_zone": "elsewhere"}, "2.37", "The requested availability zone is not available"),
    ({"metadata": {"k": 1}}, "2.37", "Invalid input for field/attribute k."),
])
def test_a_bad_boot_request_is_a_400_in_novas_words(boot, fields, version, message):
    assert message in bad_request(boot(version=version, **fields))
    assert not Instance.objects.exists()


def test_user_data_within_the_limit_is_kept_base64_encoded(boot):
    data = base64.b64encode(b"#!/bin/sh\necho hi\n").decode()
    assert boot(user_data=data).status_code == 202
    assert Instance.objects.get().user_data == data


class TestImageChecks:
    def test_an_image_that_is_not_active_is_a_400(self, boot, db):
        queued = make_image(status="queued")
        assert bad_request(boot(imageRef=str(queued.id))) == f"Image {queued.id} is not active."

    def test_an_image_asking_more_disk_than_the_flavor_has_is_a_400(self, boot, db):
        big = make_image(min_disk=2)
        assert bad_request(boot(imageRef=str(big.id))).startswith(
            "Flavor's disk is smaller than the minimum size specified in image metadata.")

    def test_an_image_larger_than_the_flavor_disk_is_a_400(self, boot, db):
        big = make_image(size=2 * 1024**3)
        assert bad_request(boot(imageRef=str(big.id))).startswith("Flavor's disk is too small for requested image.")

    def test_an_image_asking_more_memory_than_the_flavor_has_is_a_400(self, boot, db):
        hungry = make_image(min_ram=1024)
        assert bad_request(boot(imageRef=str(hungry.id))) == "Flavor's memory is too small for requested image."

    def test_a_private_image_of_another_project_cannot_be_found(self, boot, db):
        private = make_image(visibility="private", owner="project-b")
        assert bad_request(boot(imageRef=str(private.id))) == "Can not find requested image"

    def test_image_and_flavor_may_be_given_as_links(self, boot, image):
        response = boot(imageRef=f"http://x/images/{image.id}", flavorRef="http://x/flavors/1")
        assert response.status_code == 202
