"""The Placement providers page: each provider's inventories with usage, traits and aggregates, read-only."""
from django.test import Client

from hosts.models import Aggregate
from placement.models import ProviderAggregate, ProviderTrait, ResourceProvider, Trait
from tests.dashboard.conftest import sign_in
from tests.placement.factories import add_inventory, allocate, make_provider

PROVIDERS = "/placement/resourceprovider/"


def compute_provider(name: str) -> ResourceProvider:
    """A compute node's provider: 16 VCPU at ×16, 4096 MB with 512 reserved; 3 VCPU and 1024 MB used."""
    provider = make_provider(name)
    add_inventory(provider, "VCPU", total=16, allocation_ratio=16.0)
    add_inventory(provider, "MEMORY_MB", total=4096, reserved=512, allocation_ratio=1.5)
    allocate(provider, {"VCPU": 1, "MEMORY_MB": 512})
    allocate(provider, {"VCPU": 2, "MEMORY_MB": 512})
    return provider


def test_the_list_shows_each_providers_inventories_against_their_usage(operator):
    root = compute_provider("compute0.example.org")
    child = make_provider("compute0_numa0", parent=root)
    add_inventory(child, "PCI_DEVICE", total=2)
    allocate(child, {"PCI_DEVICE": 2})
    page = operator.get(PROVIDERS).content.decode()
    assert "VCPU 3 / 16 (×16.0)" in page and "MEMORY_MB 1024 / 4096 (×1.5, 512 reserved)" in page
    assert str(root.uuid) in page and "(itself)" in page
    assert "PCI_DEVICE 2 / 2 (×1.0)" in page and "background:#c62828" in page  # the full one is red
    assert f'<a href="/placement/resourceprovider/{root.pk}/change/">compute0.example.org</a>' in page


def test_the_detail_page_shows_inventories_traits_aggregates_and_children(operator):
    provider = compute_provider("compute1.example.org")
    child = make_provider("compute1_numa0", parent=provider)
    for name in ("COMPUTE_STATUS_DISABLED", "HW_CPU_X86_AVX2"):
        ProviderTrait.objects.create(provider=provider, trait=Trait.objects.get_or_create(name=name)[0])
    aggregate = Aggregate.objects.create(name="fast-disks")
    ProviderAggregate.objects.create(provider=provider, aggregate_uuid=aggregate.uuid)
    page = operator.get(f"{PROVIDERS}{provider.pk}/change/").content.decode()
    assert "COMPUTE_STATUS_DISABLED" in page and "HW_CPU_X86_AVX2" in page
    assert f"{aggregate.uuid} (fast-disks)" in page and "compute1_numa0" in page
    assert "<td>MEMORY_MB</td><td>4096</td><td>512</td><td>1.5</td>" in page and "1024 used" in page
    assert 'name="name"' not in page  # nothing to edit
    assert child.name in page


def test_providers_cannot_be_added_changed_or_deleted_here(operator):
    provider = compute_provider("compute2")
    assert operator.get(f"{PROVIDERS}add/").status_code == 403
    assert operator.post(f"{PROVIDERS}{provider.pk}/delete/", {"post": "yes"}).status_code == 403
    assert operator.post(f"{PROVIDERS}{provider.pk}/change/", {"name": "renamed"}).status_code == 403
    assert ResourceProvider.objects.get(pk=provider.pk).name == "compute2"


def test_the_list_costs_the_same_queries_for_one_provider_as_for_twenty(operator, django_assert_max_num_queries):
    compute_provider("compute-first")
    with django_assert_max_num_queries(40) as one:
        assert operator.get(PROVIDERS).status_code == 200
    for index in range(19):
        parent = compute_provider(f"compute-{index}")
        add_inventory(make_provider(f"compute-{index}-numa", parent=parent), "PCI_DEVICE", total=1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = operator.get(PROVIDERS).content.decode()
    assert page.count("VCPU 3 / 16") == 20


def test_a_member_is_refused_the_page(identity_users):
    client = Client()
    sign_in(client, "alice")
    response = client.get(PROVIDERS)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_providers_are_found_by_name_or_uuid(operator):
    wanted, other = compute_provider("compute-wanted"), compute_provider("compute-other")
    for query in ("wanted", str(wanted.uuid)):
        page = operator.get(PROVIDERS, {"q": query}).content.decode()
        assert "compute-wanted" in page and other.name not in page
