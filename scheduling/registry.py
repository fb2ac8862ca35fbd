"""The explicit registry of filters and weighers: the names XCOMPUTE_SCHEDULER_* settings may use.

Adding a filter or weigher means adding its module and one line here; nothing is discovered.
"""
from scheduling.filters.aggregate_image_properties_isolation import AggregateImagePropertiesIsolation
from scheduling.filters.aggregate_instance_extra_specs_filter import AggregateInstanceExtraSpecsFilter
from scheduling.filters.aggregate_io_ops_filter import AggregateIoOpsFilter
from scheduling.filters.aggregate_multi_tenancy_isolation import AggregateMultiTenancyIsolation
from scheduling.filters.aggregate_num_instances_filter import AggregateNumInstancesFilter
from scheduling.filters.availability_zone_filter import AvailabilityZoneFilter
from scheduling.filters.base import BaseHostFilter
from scheduling.filters.compute_capabilities_filter import ComputeCapabilitiesFilter
from scheduling.filters.compute_filter import ComputeFilter
from scheduling.filters.different_host_filter import DifferentHostFilter
from scheduling.filters.ignore_hosts_filter import IgnoreHostsFilter
from scheduling.filters.image_properties_filter import ImagePropertiesFilter
from scheduling.filters.io_ops_filter import IoOpsFilter
from scheduling.filters.num_instances_filter import NumInstancesFilter
from scheduling.filters.requested_destination_filter import RequestedDestinationFilter
from scheduling.filters.same_host_filter import SameHostFilter
from scheduling.filters.server_group_affinity_filter import ServerGroupAffinityFilter
from scheduling.filters.server_group_anti_affinity_filter import ServerGroupAntiAffinityFilter
from scheduling.weighers.base import BaseHostWeigher
from scheduling.weighers.build_failure_weigher import BuildFailureWeigher
from scheduling.weighers.cpu_weigher import CPUWeigher
from scheduling.weighers.disk_weigher import DiskWeigher
from scheduling.weighers.io_ops_weigher import IoOpsWeigher
from scheduling.weighers.num_instances_weigher import NumInstancesWeigher
from scheduling.weighers.ram_weigher import RAMWeigher
from scheduling.weighers.server_group_soft_affinity_weigher import ServerGroupSoftAffinityWeigher
from scheduling.weighers.server_group_soft_anti_affinity_weigher import ServerGroupSoftAntiAffinityWeigher

FILTERS: dict[str, type[BaseHostFilter]] = {cls.__name__: cls for cls in (
    ComputeFilter,
    AvailabilityZoneFilter,
    ComputeCapabilitiesFilter,
    ImagePropertiesFilter,
    AggregateInstanceExtraSpecsFilter,
    AggregateImagePropertiesIsolation,
    AggregateMultiTenancyIsolation,
    NumInstancesFilter,
    AggregateNumInstancesFilter,
    IoOpsFilter,
    AggregateIoOpsFilter,
    ServerGroupAntiAffinityFilter,
    ServerGroupAffinityFilter,
    SameHostFilter,
    DifferentHostFilter,
    IgnoreHostsFilter,
    RequestedDestinationFilter,
)}

WEIGHERS: dict[str, type[BaseHostWeigher]] = {cls.__name__: cls for cls in (
    RAMWeigher,
    CPUWeigher,
    DiskWeigher,
    ServerGroupSoftAffinityWeigher,
    ServerGroupSoftAntiAffinityWeigher,
    NumInstancesWeigher,
    IoOpsWeigher,
    BuildFailureWeigher,
)}

# Run first on every request whatever the settings say: reschedules must not return to a tried
# host, and an operator's requested destination is a restriction (Nova's host manager does both).
MANDATORY_FILTERS = ("IgnoreHostsFilter", "RequestedDestinationFilter")

# Nova's default enabled_filters that exist here, plus the two hint filters; the settings default.
# NumInstancesFilter and IoOpsFilter (and their aggregate variants) are opt-in, as in Nova.
DEFAULT_FILTERS = (
    "ComputeFilter",
    "AvailabilityZoneFilter",
    "ComputeCapabilitiesFilter",
    "ImagePropertiesFilter",
    "ServerGroupAntiAffinityFilter",
    "ServerGroupAffinityFilter",
    "SameHostFilter",
    "DifferentHostFilter",
)
# Nova's weight_classes default is every weigher it has; likewise here.
DEFAULT_WEIGHERS = tuple(WEIGHERS)


def unknown_names(names, registry) -> list[str]:
    """The names a setting lists that the registry does not hold, in the setting's order."""
    return [name for name in names if name not in registry]
