"""/servers/{id}/metadata and /servers/{id}/tags: Nova's bodies, limits, messages and state rules."""
import pytest

from tests.instances.factories import make_instance


@pytest.fixture
def server(db):
    return make_instance("s1", metadata={"a": "1"}, tags=["x"])


class TestMetadata:
    def test_merge_replace_show_set_and_delete_items(self, member_api, server):
        url = f"/v2.1/servers/{server.uuid}/metadata"
        assert member_api.post(url, {"metadata": {"b": "2"}}).json() == {"metadata": {"a": "1", "b": "2"}}
        assert member_api.put(url, {"metadata": {"c": "3"}}).json() == {"metadata": {"c": "3"}}
        assert member_api.get(f"{url}/c").json() == {"meta": {"c": "3"}}
        assert member_api.put(f"{url}/d", {"meta": {"d": "4"}}).json() == {"meta": {"d": "4"}}
        assert member_api.delete(f"{url}/c").status_code == 204
        assert member_api.get(url).json() == {"metadata": {"d": "4"}}

    def test_a_missing_item_is_a_404_and_a_mismatched_key_a_400(self, member_api, server):
        url = f"/v2.1/servers/{server.uuid}/metadata"
        assert member_api.get(f"{url}/nope").json()["itemNotFound"]["message"] == "Metadata item was not found"
        response = member_api.put(f"{url}/a", {"meta": {"b": "1"}})
        assert response.json()["badRequest"]["message"] == "Request body and URI mismatch"

    def test_more_than_128_items_is_a_403(self, member_api, server):
        response = member_api.put(f"/v2.1/servers/{server.uuid}/metadata",
                                  {"metadata": {f"k{i}": "v" for i in range(129)}})
        assert response.status_code == 403
        assert response.json()["forbidden"]["message"] == "Maximum number of metadata items exceeds 128"

    def test_a_building_server_refuses_metadata_changes_with_a_409(self, member_api, db):
        instance = make_instance(vm_state="building", task_state="scheduling")
        response = member_api.post(f"/v2.1/servers/{instance.uuid}/metadata", {"metadata": {"k": "v"}})
        assert response.status_code == 409
        assert response.json()["conflictingRequest"]["message"] == (
            f"Cannot 'update metadata' instance {instance.uuid} while it is in vm_state building")

    def test_readers_may_look_but_not_change(self, reader_api, server):
        url = f"/v2.1/servers/{server.uuid}/metadata"
        assert reader_api.get(url).status_code == 200
        assert reader_api.post(url, {"metadata": {"k": "v"}}).status_code == 403


class TestTags:
    def test_tags_need_2_26(self, member_api, server):
        assert member_api.get(f"/v2.1/servers/{server.uuid}/tags", version="2.25").status_code == 404

    def test_add_check_replace_and_remove_tags(self, member_api, server):
        url = f"/v2.1/servers/{server.uuid}/tags"
        added = member_api.put(f"{url}/y", version="2.26")
        assert added.status_code == 201 and added["Location"].endswith(f"{url}/y")
        assert member_api.put(f"{url}/y", version="2.26").status_code == 204
        assert member_api.get(f"{url}/y", version="2.26").status_code == 204
        assert member_api.get(url, version="2.26").json() == {"tags": ["x", "y"]}
        assert member_api.put(url, {"tags": ["b", "a"]}, version="2.26").json() == {"tags": ["a", "b"]}
        assert member_api.delete(f"{url}/a", version="2.26").status_code == 204
        missing = member_api.get(f"{url}/a", version="2.26")
        assert missing.json()["itemNotFound"]["message"] == f"Instance {server.uuid} has no tag 'a'"
        assert member_api.delete(url, version="2.26").status_code == 204
        assert member_api.get(url, version="2.26").json() == {"tags": []}

    def test_a_tag_with_a_comma_and_the_51st_tag_are_400s(self, member_api, server):
        url = f"/v2.1/servers/{server.uuid}/tags"
        assert "is invalid" in member_api.put(f"{url}/a,b", version="2.26").json()["badRequest"]["message"]
        member_api.put(url, {"tags": [f"t{i}" for i in range(50)]}, version="2.26")
        response = member_api.put(f"{url}/one-more", version="2.26")
        assert response.json()["badRequest"]["message"] == "The number of tags exceeded the per-server limit 50"
