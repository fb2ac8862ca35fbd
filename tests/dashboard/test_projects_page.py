"""The projects page: each project's instances, cores and RAM in use against its effective limits."""
import pytest
from django.test import Client

from identity import services
from quotas.limits import set_class, set_project
from server_groups.models import ServerGroup
from tests.dashboard.conftest import sign_in
from tests.flavors.factories import make_flavor
from tests.instances.factories import make_instance

PROJECTS = "/identity/project/"


@pytest.fixture
def medium(db):
    return make_flavor("3", "m1.medium", vcpus=2, memory_mb=4096)


def servers(project, flavor, count: int, **fields) -> None:
    for index in range(count):
        make_instance(f"{project.name}-{index}", project_id=project.pk, flavor=flavor, host="compute0", **fields)


def test_each_project_shows_its_usage_against_its_own_limits_else_the_defaults(operator, settings, medium):
    settings.XCOMPUTE_QUOTA_RAM = 16384
    set_class("default", {"cores": 8})
    demo, web = services.project("demo"), services.project("web")
    set_project(web.pk, {"instances": 4, "ram": -1})
    servers(demo, medium, 2)
    servers(web, medium, 3)
    page = operator.get(PROJECTS).content.decode()
    instances_limit = settings.XCOMPUTE_QUOTA_INSTANCES
    # demo follows the defaults: the settings', and the default class's 8 cores
    assert f"</div>2 / {instances_limit}</a>" in page and "</div>4 / 8</td>" in page
    assert "</div>8192 / 16384 MB</td>" in page
    # web has its own limits on instances and RAM, and the default class's on cores
    assert "</div>3 / 4</a>" in page and "</div>6 / 8</td>" in page and "<td class=\"field-ram\">12288 MB (unlimited)</td>" in page
    assert f'href="/instances/instance/?project_id={web.pk}"' in page


def test_deleted_servers_and_servers_that_never_reached_a_host_hold_no_quota(operator, settings, medium):
    demo = services.project("demo")
    servers(demo, medium, 1)
    make_instance("gone", project_id=demo.pk, flavor=medium, vm_state="deleted")
    make_instance("failed", project_id=demo.pk, flavor=medium, vm_state="error", host=None)
    page = operator.get(PROJECTS).content.decode()
    assert f"</div>1 / {settings.XCOMPUTE_QUOTA_INSTANCES}</a>" in page
    assert f"</div>2 / {settings.XCOMPUTE_QUOTA_CORES}</td>" in page
    assert f"</div>4096 / {settings.XCOMPUTE_QUOTA_RAM} MB</td>" in page


def test_the_project_page_shows_the_whole_quota_set_with_usage_and_where_each_limit_comes_from(operator, medium):
    demo = services.project("demo")
    set_project(demo.pk, {"cores": 3})
    servers(demo, medium, 1)
    ServerGroup.objects.create(name="web", project_id=demo.pk, user_id="u", policy="anti-affinity")
    page = operator.get(f"{PROJECTS}{demo.pk}/change/").content.decode()
    for name in ("instances", "cores", "ram", "metadata_items", "key_pairs", "server_groups", "server_group_members"):
        assert f"<td>{name}</td>" in page
    assert "2 / 3" in page and "<td>3</td><td>this project</td>" in page
    assert "1 / 10" in page and "per user" in page  # one server group; key pairs are counted per user
    assert 'name="name"' not in page


def test_the_list_costs_the_same_queries_for_one_project_as_for_twenty(operator, medium,
                                                                    django_assert_max_num_queries):
    with django_assert_max_num_queries(40) as one:
        assert operator.get(PROJECTS).status_code == 200
    for index in range(20):
        project = services.project(f"p{index}")
        set_project(project.pk, {"instances": 5})
        servers(project, medium, 2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = operator.get(PROJECTS).content.decode()
    assert page.count("</div>2 / 5</a>") == 20


def test_a_member_is_refused_the_projects_page(identity_users):
    client = Client()
    sign_in(client, "alice")
    response = client.get(PROJECTS)
    assert response.status_code == 302 and "/login/" in response["Location"]
