"""AggregateImagePropertiesIsolation and AggregateMultiTenancyIsolation: pure functions of a host and a request."""
import dataclasses

from scheduling.filters.aggregate_image_properties_isolation import AggregateImagePropertiesIsolation
from scheduling.filters.aggregate_multi_tenancy_isolation import AggregateMultiTenancyIsolation
from scheduling.host_state import HostAggregate
from tests.scheduling.factories import make_host, make_spec


def of_project(project_id):
    return dataclasses.replace(make_spec(), project_id=project_id)


def in_aggregates(*metadatas):
    return make_host(aggregates=[HostAggregate(f"agg{n}", metadata) for n, metadata in enumerate(metadatas)])


class TestAggregateImagePropertiesIsolation:
    def test_an_image_whose_property_the_aggregate_names_must_match_one_of_its_values(self):
        host = in_aggregates({"os_distro": "windows,freebsd"})
        isolation = AggregateImagePropertiesIsolation()
        assert isolation.host_passes(host, make_spec(image_properties={"os_distro": "freebsd"})).passed
        refused = isolation.host_passes(host, make_spec(image_properties={"os_distro": "linux"}))
        assert not refused.passed and "os_distro" in refused.reason

    def test_images_without_the_property_and_hosts_without_aggregates_pass(self):
        isolation = AggregateImagePropertiesIsolation()
        assert isolation.host_passes(in_aggregates({"os_distro": "windows"}), make_spec()).passed
        assert isolation.host_passes(make_host(), make_spec(image_properties={"os_distro": "linux"})).passed

    def test_with_a_namespace_only_its_keys_count(self):
        host = in_aggregates({"isolated.os_distro": "windows", "os_distro": "windows"})
        isolation = AggregateImagePropertiesIsolation(namespace="isolated")
        assert isolation.host_passes(host, make_spec(image_properties={"os_distro": "linux"})).passed
        assert not isolation.host_passes(host, make_spec(image_properties={"isolated.os_distro": "linux"})).passed


class TestAggregateMultiTenancyIsolation:
    def test_a_host_reserved_for_projects_takes_only_them(self):
        host = in_aggregates({"filter_tenant_id": "project-b, project-c"})
        tenancy = AggregateMultiTenancyIsolation()
        assert tenancy.host_passes(host, make_spec()).reason == (
            "is reserved by its aggregates (filter_tenant_id) for other projects")
        assert tenancy.host_passes(host, of_project("project-c")).passed

    def test_suffixed_keys_add_projects_and_unreserved_hosts_take_everyone(self):
        host = in_aggregates({"filter_tenant_id": "project-b"}, {"filter_tenant_id2": "project-a"})
        tenancy = AggregateMultiTenancyIsolation()
        assert tenancy.host_passes(host, make_spec()).passed
        assert tenancy.host_passes(in_aggregates({"ssd": "true"}), of_project("anyone")).passed
