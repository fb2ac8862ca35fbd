"""A HostState is built from a Placement provider summary and consumed in copies."""
from scheduling.host_state import HostState
from tests.scheduling.factories import make_host

SUMMARY = {
    "resources": {
        "VCPU": {"capacity": 64, "used": 10},
        "MEMORY_MB": {"capacity": 24576, "used": 4096},
        "DISK_GB": {"capacity": 400, "used": 40},
    },
    "traits": ["HW_CPU_X86_AVX2", "COMPUTE_STATUS_DISABLED"],
    "parent_provider_uuid": None,
    "root_provider_uuid": "rp-1",
}


def test_a_provider_summary_gives_the_capacity_usage_and_traits():
    # given the summary of one candidate and its inventories' ratios
    host = HostState.from_placement(SUMMARY, host="node1", provider_uuid="rp-1", availability_zone="az1",
                                    allocation_ratios={"VCPU": 16.0, "MEMORY_MB": 1.5})
    # then capacities, usage and free amounts are Placement's
    assert (host.total_vcpus, host.used_vcpus, host.free_vcpus) == (64, 10, 54)
    assert (host.free_memory_mb, host.free_disk_gb) == (20480, 360)
    assert (host.cpu_allocation_ratio, host.ram_allocation_ratio, host.disk_allocation_ratio) == (16.0, 1.5, 1.0)
    assert "HW_CPU_X86_AVX2" in host.traits
    assert host.nodename == "node1"


def test_the_disabled_trait_marks_the_service_disabled_unless_told_otherwise():
    disabled = HostState.from_placement(SUMMARY, host="n", provider_uuid="rp", availability_zone="nova")
    enabled = HostState.from_placement(SUMMARY, host="n", provider_uuid="rp", availability_zone="nova",
                                       service_disabled=False)
    assert disabled.service_disabled and not enabled.service_disabled


def test_the_zone_comes_from_the_aggregates_else_the_default():
    in_az = HostState.from_placement(SUMMARY, host="n", provider_uuid="rp",
                                     aggregates=[("rack1", {"availability_zone": "az1"})])
    default = HostState.from_placement(SUMMARY, host="n", provider_uuid="rp", default_availability_zone="zone0")
    assert (in_az.availability_zone, default.availability_zone) == ("az1", "zone0")


def test_the_default_zone_is_the_setting_when_none_is_given(settings):
    settings.XCOMPUTE_DEFAULT_AVAILABILITY_ZONE = "home"
    host = HostState.from_placement(SUMMARY, host="n", provider_uuid="rp")
    assert host.availability_zone == "home"


def test_other_fields_pass_through_to_the_host_state():
    host = HostState.from_placement(SUMMARY, host="n", provider_uuid="rp", availability_zone="nova",
                                    service_up=False, num_instances=3, hypervisor_type="QEMU", cpu_arch="aarch64")
    assert (host.service_up, host.num_instances) == (False, 3)
    assert host.supported_instances == (("aarch64", "qemu", "hvm"),)
    assert host.cpu_info == {"arch": "aarch64"}


def test_consuming_an_instance_returns_a_copy_with_less_free_room():
    host = make_host(total_vcpus=4, used_vcpus=1)
    used = host.consume({"VCPU": 2, "MEMORY_MB": 1024, "DISK_GB": 10})
    assert (used.free_vcpus, used.used_memory_mb, used.used_disk_gb, used.num_instances) == (1, 1024, 10, 1)
    assert host.free_vcpus == 3
    assert not used.fits({"VCPU": 2}) and used.fits({"VCPU": 1})


def test_aggregate_metadata_collects_every_value_a_key_takes():
    host = make_host(aggregates=[("a", {"ssd": "true"}), ("b", {"ssd": "false", "gpu": "1"})])
    assert host.aggregate_metadata() == {"ssd": {"true", "false"}, "gpu": {"1"}}
