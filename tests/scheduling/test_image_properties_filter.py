"""The image's architecture, hypervisor type, VM mode and hypervisor version must suit the host."""
import pytest

from scheduling.filters.image_properties_filter import ImagePropertiesFilter
from tests.scheduling.factories import make_host, make_spec

KVM_HOST = make_host(supported_instances=[("x86_64", "kvm", "hvm"), ("x86_64", "qemu", "hvm")],
                     hypervisor_version=8_002_000)


@pytest.mark.parametrize(("properties", "expected"), [
    ({}, True),
    ({"hw_architecture": "x86_64"}, True),
    ({"hw_architecture": "amd64"}, True),  # canonical x86_64
    ({"architecture": "x86_64"}, True),  # the pre-Ocata name
    ({"hw_architecture": "aarch64"}, False),
    ({"img_hv_type": "kvm"}, True),
    ({"img_hv_type": "QEMU"}, True),  # canonical qemu
    ({"img_hv_type": "xen"}, False),
    ({"hw_vm_mode": "hvm"}, True),
    ({"hw_vm_mode": "hv"}, True),  # canonical hvm
    ({"hw_vm_mode": "exe"}, False),
    ({"hw_architecture": "x86_64", "img_hv_type": "kvm", "hw_vm_mode": "hvm"}, True),
    ({"img_hv_requested_version": ">=8.0"}, True),
    ({"img_hv_requested_version": ">=6.0,<8.2"}, False),
    ({"img_hv_requested_version": "==8.2.0"}, True),
    ({"img_hv_requested_version": "newest"}, False),
])
def test_a_kvm_host_runs_the_images_whose_properties_it_supports(properties, expected):
    result = ImagePropertiesFilter().host_passes(KVM_HOST, make_spec(image_properties=properties))
    assert result.passed is expected


def test_the_rejection_names_what_the_image_asked_for():
    spec = make_spec(image_properties={"hw_architecture": "aarch64"})
    result = ImagePropertiesFilter().host_passes(make_host(), spec)
    assert result.reason == "cannot run images for aarch64/*/* (architecture/hypervisor/vm mode)"


def test_a_host_that_reports_no_version_ignores_the_version_requirement():
    spec = make_spec(image_properties={"img_hv_requested_version": ">=99"})
    assert ImagePropertiesFilter().host_passes(make_host(hypervisor_version=0), spec).passed


def test_a_host_state_without_triples_supports_its_own_arch_and_hypervisor():
    host = make_host(cpu_arch="x86_64", hypervisor_type="QEMU")
    assert ImagePropertiesFilter().host_passes(host, make_spec(image_properties={"img_hv_type": "qemu"})).passed
    assert not ImagePropertiesFilter().host_passes(host, make_spec(image_properties={"img_hv_type": "kvm"})).passed
