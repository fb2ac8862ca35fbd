"""`wait_healthy` also waits for the node's simulated hosts, which register under their own names."""
import pytest
from django.utils import timezone

from hosts.choices import Binary
from hosts.models import Service
from node.management.commands.wait_healthy import Command


@pytest.fixture
def three_simulated(monkeypatch):
    monkeypatch.setenv("XCOMPUTE_SIMULATED_HOSTS", "3")
    monkeypatch.setenv("XCOMPUTE_SIMULATED_PREFIX", "n1-sim")


@pytest.mark.django_db
def test_simulated_hosts_that_have_not_heartbeated_are_reported_missing(three_simulated):
    since = timezone.now()
    Service.objects.create(host="n1-sim-001", binary=Binary.COMPUTE, topic="compute", last_seen_up=timezone.now())
    assert Command().missing_simulated(since) == ["nova-compute-simulated (2 of 3 hosts)"]


@pytest.mark.django_db
def test_no_simulated_hosts_means_nothing_more_to_wait_for(monkeypatch):
    monkeypatch.setenv("XCOMPUTE_SIMULATED_HOSTS", "0")
    assert Command().missing_simulated(timezone.now()) == []
