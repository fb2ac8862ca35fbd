"""Placement prefilters: the member_of and traits a request adds, and what each kept out."""
import pytest

from hosts.models import Aggregate
from scheduling import placement_request, prefilters
from scheduling.explanation import PlacementPrefilter, describe, summarize
from tests.scheduling.factories import make_flavor, make_spec


@pytest.fixture
def zones(db):
    az1 = Aggregate.objects.create(name="a1", metadata={"availability_zone": "az1"})
    az1.hosts.create(host="h1")
    az2 = Aggregate.objects.create(name="a2", metadata={"availability_zone": "az2"})
    az2.hosts.create(host="h2")
    gpu = Aggregate.objects.create(name="gpu", metadata={"trait:CUSTOM_GPU": "required"})
    gpu.hosts.create(host="h3")
    return az1, az2, gpu


def test_a_request_without_zone_or_isolation_adds_nothing_and_asks_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert prefilters.for_spec(make_spec()) == prefilters.Prefilters()


def test_a_named_zone_is_membership_of_its_aggregates(zones):
    az1 = zones[0]
    steps = prefilters.for_spec(make_spec(availability_zone="az1"))
    assert steps.member_of == (f"in:{az1.uuid}",)
    assert "member_of=in%3A" in placement_request.query(make_spec(), member_of=steps.member_of)
    counts = steps.excluded([("n1", "h1"), ("n2", "h2"), ("n3", "h3"), ("n4", "h4")], returned={"n1"},
                            disabled_hosts={"h4"})
    assert counts == (("availability zone 'az1'", 2),)


def test_the_default_zone_is_no_zone_aggregate(zones, settings):
    az1, az2, _ = zones
    steps = prefilters.for_spec(make_spec(availability_zone=settings.XCOMPUTE_DEFAULT_AVAILABILITY_ZONE))
    assert steps.member_of == ("!in:" + ",".join(sorted([str(az1.uuid), str(az2.uuid)])),)


def test_isolated_aggregates_admit_only_requests_requiring_their_traits(zones, settings):
    settings.XCOMPUTE_SCHEDULER_ENABLE_ISOLATED_AGGREGATE_FILTERING = True
    gpu = zones[2]
    assert prefilters.for_spec(make_spec()).member_of == (f"!in:{gpu.uuid}",)
    wanting = make_spec(flavor=make_flavor(extra_specs={"trait:CUSTOM_GPU": "required"}))
    assert prefilters.for_spec(wanting).member_of == ()


def test_image_type_support_requires_the_disk_formats_trait(db, settings):
    settings.XCOMPUTE_SCHEDULER_QUERY_PLACEMENT_FOR_IMAGE_TYPE_SUPPORT = True
    steps = prefilters.for_spec(make_spec(image_disk_format="qcow2"))
    assert steps.required == {"COMPUTE_IMAGE_TYPE_QCOW2"}
    assert "COMPUTE_IMAGE_TYPE_QCOW2" in placement_request.query(make_spec(), required_traits=steps.required)


def test_the_explanation_counts_what_each_prefilter_kept_out():
    prefilter = PlacementPrefilter(known=10, disabled=1, returned=3, excluded=(("availability zone 'az1'", 4),))
    assert summarize([], 3, prefilter=prefilter) == (
        "No valid host was found. 10 hosts: 1 excluded by placement (disabled), 4 excluded by placement "
        "(availability zone 'az1'), 2 excluded by placement (no room or required traits).")
    assert "4 kept out by availability zone 'az1'" in describe([], 3, prefilter=prefilter)
