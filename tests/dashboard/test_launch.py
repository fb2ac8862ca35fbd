"""The Launch instance page: a POST /servers by the operator, through the API's own create, refusals on the form."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client

from identity.models import Project
from images.choices import Status
from instances import build
from instances.models import Instance, InstanceAction
from keypairs.models import KeyPair
from networks.models import Network
from quotas import limits
from scheduling.models import RequestSpecRecord
from tests.dashboard.conftest import PASSWORD, sign_in
from tests.flavors.factories import make_flavor
from tests.instances.factories import make_image, tiny_flavor

LAUNCH = "/instances/instance/launch/"


@pytest.fixture(autouse=True)
def started_chains(monkeypatch):
    """The real `instances.build.start` (it stores the request specs) with the chains recorded, not sent."""
    started = []

    class Recorded:
        def __init__(self, uuids, **options):
            self.uuids = uuids

        def apply_async(self):
            started.append(self.uuids)

    monkeypatch.setattr(build, "boot_chain", Recorded)
    return started


@pytest.fixture
def choices(identity_users):
    """A flavor, an image and a network to launch with, and ones the form must not offer."""
    admin_project = Project.objects.get(name="admin").id
    offered = {"flavor": tiny_flavor(), "image": make_image(name="cirros", size=1024),
               "network": Network.objects.create(name="ops-net", project_id=admin_project),
               "shared": Network.objects.create(name="public", project_id="other", shared=True),
               "key": KeyPair.objects.create(user_id=identity_users["ops"].id, name="ops-key", public_key="ssh-ed25519 AAAA",
                                             fingerprint="f")}
    make_flavor("2", "m1.gone", disabled=True)
    make_flavor("3", "m1.private", is_public=False)
    make_image(name="still-uploading", status=Status.QUEUED)
    Network.objects.create(name="theirs", project_id="other")
    KeyPair.objects.create(user_id=identity_users["alice"].id, name="alice-key", public_key="k", fingerprint="f")
    return offered


def launch(client, choices, **fields):
    data = {"name": "web", "flavor": "1", "image": str(choices["image"].id), "network": "none",
            "availability_zone": "", "key_name": "", "count": "1", **fields}
    return client.post(LAUNCH, data)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_instance_list_has_a_launch_button(operator):
    assert f'href="{LAUNCH}"' in operator.get("/instances/instance/").content.decode()


def test_the_form_offers_what_the_admin_project_may_boot_and_nothing_else(operator, choices):
    page = operator.get(LAUNCH).content.decode()
    assert "m1.tiny" in page and "cirros" in page and "ops-net" in page and "public" in page
    assert 'value="auto"' in page and 'value="none"' in page and 'value="nova"' in page and "ops-key" in page
    for hidden in ("m1.gone", "m1.private", "still-uploading", "theirs", "alice-key"):
        assert hidden not in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_launch_creates_the_instance_through_the_api_create_with_the_operator_as_actor(
        operator, choices, identity_users, started_chains, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = launch(operator, choices, network=str(choices["network"].id), key_name="ops-key")
    instance = Instance.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/instances/instance/{instance.pk}/change/"
    assert (instance.display_name, instance.vm_state, instance.task_state) == ("web", "building", "scheduling")
    assert instance.project_id == Project.objects.get(name="admin").id
    assert instance.requested_networks == [{"network_id": str(choices["network"].id)}]
    assert instance.key_name == "ops-key" and instance.flavor["name"] == "m1.tiny"
    action = InstanceAction.objects.get(instance=instance)
    assert (action.action, action.user_id) == ("create", identity_users["ops"].id)
    assert started_chains == [[str(instance.uuid)]]
    assert RequestSpecRecord.objects.filter(instance_uuid=instance.uuid).exists()
    assert any("Launching web" in message for message in messages_of(response))


def test_a_launch_of_several_lists_them_by_their_reservation(operator, choices, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = launch(operator, choices, count="3", availability_zone="nova")
    rows = Instance.objects.order_by("launch_index")
    assert [row.display_name for row in rows] == ["web-1", "web-2", "web-3"]
    assert {row.availability_zone for row in rows} == {"nova"}
    assert response["Location"] == f"/instances/instance/?reservation_id={rows[0].reservation_id}"
    listing = operator.get(response["Location"]).content.decode()
    assert "web-1" in listing and "web-3" in listing


def test_a_launch_over_quota_is_refused_on_the_form_and_creates_nothing(operator, choices):
    limits.set_project(Project.objects.get(name="admin").id, {"instances": 1})
    response = launch(operator, choices, count="2")
    assert response.status_code == 200
    page = response.content.decode()
    assert "The launch was refused (403: Quota exceeded for instances" in page
    assert not Instance.objects.exists() and not InstanceAction.objects.exists()


def test_an_image_too_big_for_the_flavor_is_the_apis_400_on_the_form(operator, choices):
    big = make_image(name="big", min_disk=20)
    response = launch(operator, choices, image=str(big.id))
    assert response.status_code == 200
    assert "400: Flavor&#x27;s disk is smaller than the minimum size" in response.content.decode()
    assert not Instance.objects.exists()


@pytest.mark.parametrize("fields", [{"image": "00000000-0000-0000-0000-000000000000"}, {"count": "0"},
                                    {"name": ""}, {"network": "not-a-network"}])
def test_a_choice_the_form_did_not_offer_is_a_field_error(operator, choices, fields):
    response = launch(operator, choices, **fields)
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert not Instance.objects.exists()


def test_a_member_cannot_reach_the_launch_page(identity_users, choices):
    client = Client()
    sign_in(client, "alice")  # refused: alice holds no admin role
    assert client.get(LAUNCH)["Location"].startswith("/login/")
    assert client.post(LAUNCH, {"name": "x"})["Location"].startswith("/login/")
    not_staff = Client()
    not_staff.force_login(get_user_model().objects.create_user("alice"))
    assert not_staff.get(LAUNCH)["Location"].startswith("/login/")
    assert not Instance.objects.exists()


def test_a_launch_posted_without_the_csrf_token_is_refused(identity_users, choices):
    client = Client(enforce_csrf_checks=True)
    token = client.get("/login/").cookies["csrftoken"].value
    client.post("/login/", {"username": "ops", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert launch(client, choices).status_code == 403
    assert not Instance.objects.exists()


@pytest.fixture
def demo_member(identity_users):
    """`ops` is also a member of `demo`, which has a network of its own; `secret` is not theirs."""
    from identity import services

    demo = Project.objects.get(name="demo")
    services.grant(identity_users["ops"], "member", project=demo)
    services.project("secret")
    return {"project": demo, "network": Network.objects.create(name="demo-net", project_id=demo.id)}


def test_the_page_offers_the_projects_the_operator_holds_a_role_on(operator, choices, demo_member):
    page = operator.get(LAUNCH).content.decode()
    assert ">admin</option>" in page and ">demo</option>" in page and "secret" not in page
    assert 'id="launch-project">admin<' in page and "demo-net" not in page


def test_switching_project_offers_that_projects_choices_with_the_operators_roles_there(operator, choices,
                                                                                       demo_member):
    demo = demo_member["project"]
    page = operator.get(f"{LAUNCH}?project={demo.id}").content.decode()
    assert 'id="launch-project">demo<' in page and "member, reader)" in page
    assert "demo-net" in page and "ops-net" not in page  # the admin project's own network is not demo's
    assert f'name="project" value="{demo.id}"' in page


def test_a_launch_in_another_project_is_that_projects_as_a_member_would_make_it(
        operator, choices, demo_member, identity_users, django_capture_on_commit_callbacks):
    demo = demo_member["project"]
    limits.set_project(demo.id, {"instances": 1})
    with django_capture_on_commit_callbacks(execute=True):
        response = launch(operator, choices, project=demo.id, network=str(demo_member["network"].id))
    instance = Instance.objects.get()
    assert response.status_code == 302 and instance.project_id == demo.id
    action = InstanceAction.objects.get(instance=instance)
    assert (action.user_id, action.project_id) == (identity_users["ops"].id, demo.id)
    # demo's quota applies there, not the admin project's
    refused = launch(operator, choices, project=demo.id, name="second")
    assert "403: Quota exceeded for instances" in refused.content.decode()
    assert Instance.objects.count() == 1


def test_a_project_the_operator_holds_no_role_on_is_refused(operator, choices, demo_member):
    secret = Project.objects.get(name="secret")
    response = launch(operator, choices, project=secret.id)
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert not Instance.objects.exists()


def test_an_operator_whose_admin_role_is_on_the_system_launches_in_the_admin_project(identity_users, choices):
    from identity import services

    root = services.user("root", PASSWORD)
    services.grant(root, "admin", system=True)
    client = Client()
    assert sign_in(client, "root").status_code == 302
    assert ">admin</option>" in client.get(LAUNCH).content.decode()
    admin_project = Project.objects.get(name="admin")
    assert launch(client, choices, project=admin_project.id).status_code == 302
    assert Instance.objects.get().project_id == admin_project.id


def test_the_launch_page_reads_the_operators_identity_user_once(operator, choices, demo_member,
                                                                django_assert_max_num_queries):
    from identity.models import User as IdentityUser

    with django_assert_max_num_queries(30) as captured:
        assert operator.get(LAUNCH).status_code == 200
    table = IdentityUser._meta.db_table
    reads = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT") and
             f'FROM "{table}"' in q["sql"] and "identity_roleassignment" not in q["sql"]]
    assert len(reads) == 1  # the projects offered and the context share it (the session check joins roles)
