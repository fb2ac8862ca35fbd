"""The inventory an agent reports: Nova's default ratios and reserves, overridable by the operator."""
from hostagent.inventory import InventoryPolicy, compute_node_report, placement_inventory
from hostagent.virt.types import HostResources

HOST = HostResources(hypervisor_hostname="hv1", hypervisor_type="QEMU", vcpus=8, memory_mb=16384, disk_gb=100)


def test_defaults_are_novas_initial_ratios_and_reserved_host_memory():
    inventory = placement_inventory(HOST, InventoryPolicy())
    assert inventory["VCPU"] == {"total": 8, "reserved": 0, "min_unit": 1, "max_unit": 8, "step_size": 1,
                                 "allocation_ratio": 4.0}
    assert inventory["MEMORY_MB"] == {"total": 16384, "reserved": 512, "min_unit": 1, "max_unit": 16384,
                                      "step_size": 1, "allocation_ratio": 1.0}
    assert (inventory["DISK_GB"]["reserved"], inventory["DISK_GB"]["allocation_ratio"]) == (0, 1.0)


def test_every_reserve_lands_in_the_reserved_field_of_its_class():
    policy = InventoryPolicy(reserved_host_cpus=2, reserved_host_memory_mb=4096, reserved_host_disk_mb=10240)
    inventory = placement_inventory(HOST, policy)
    assert {name: spec["reserved"] for name, spec in inventory.items()} == {
        "VCPU": 2, "MEMORY_MB": 4096, "DISK_GB": 10}
    # the total stays the host's: Placement subtracts the reserve ((total - reserved) * ratio)
    assert {name: spec["total"] for name, spec in inventory.items()} == {"VCPU": 8, "MEMORY_MB": 16384, "DISK_GB": 100}


def test_configured_ratios_replace_the_initial_ones_and_only_unset_ones_are_initial():
    policy = InventoryPolicy(cpu_allocation_ratio=16.0, initial_ram_allocation_ratio=1.5)
    inventory = placement_inventory(HOST, policy)
    assert (inventory["VCPU"]["allocation_ratio"], inventory["MEMORY_MB"]["allocation_ratio"]) == (16.0, 1.5)
    assert policy.initial_ratio_classes() == ["MEMORY_MB", "DISK_GB"]


def test_reserved_disk_is_configured_in_mb_and_rounded_up_to_gb():
    inventory = placement_inventory(HOST, InventoryPolicy(reserved_host_disk_mb=1500))
    assert inventory["DISK_GB"]["reserved"] == 2


def test_a_reserve_larger_than_the_host_is_capped_at_the_total():
    inventory = placement_inventory(HOST, InventoryPolicy(reserved_host_cpus=64))
    assert inventory["VCPU"]["reserved"] == 8


def test_a_class_the_host_lacks_is_left_out():
    diskless = HostResources("hv2", "QEMU", vcpus=2, memory_mb=2048, disk_gb=0)
    assert set(placement_inventory(diskless, InventoryPolicy())) == {"VCPU", "MEMORY_MB"}


def test_the_policy_reads_the_operators_variables(monkeypatch):
    from xcompute_site.env import env

    monkeypatch.setenv("XCOMPUTE_CPU_ALLOCATION_RATIO", "8.0")
    monkeypatch.setenv("XCOMPUTE_RAM_ALLOCATION_RATIO", "0.0")  # Nova's "unset"
    monkeypatch.setenv("XCOMPUTE_INITIAL_DISK_ALLOCATION_RATIO", "2.0")
    monkeypatch.setenv("XCOMPUTE_RESERVED_HOST_MEMORY_MB", "2048")
    monkeypatch.setenv("XCOMPUTE_RESERVED_HOST_CPUS", "1")
    monkeypatch.setenv("XCOMPUTE_RESERVED_HOST_DISK_MB", "1024")
    policy = InventoryPolicy.from_env(env)
    assert (policy.cpu_allocation_ratio, policy.ram_allocation_ratio, policy.ratio("DISK_GB")) == (8.0, None, 2.0)
    assert (policy.reserved_host_memory_mb, policy.reserved_host_cpus, policy.reserved_host_disk_mb) == (2048, 1, 1024)


def test_the_report_carries_the_host_its_resources_and_inventory():
    report = compute_node_report("compute1", HOST, InventoryPolicy())
    assert report["host"] == "compute1"
    assert report["resources"]["vcpus"] == 8
    assert set(report["inventory"]) == {"VCPU", "MEMORY_MB", "DISK_GB"}
    assert report["initial_ratios"] == ["VCPU", "MEMORY_MB", "DISK_GB"]
