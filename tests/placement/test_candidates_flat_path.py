"""Flat clouds (no nested, no sharing providers) take a shortcut: one query writes the candidates
and their summaries. Its answers must be the general path's, at every microversion."""
import random

import pytest

from placement.candidates import engine
from tests.placement.candidate_trees import allocate, provider

TRAITS = ["HW_CPU_X86_AVX2", "HW_CPU_X86_SSE2", "STORAGE_DISK_SSD", "CUSTOM_GOLD"]
# (query, the microversion its parameters appeared in)
QUERIES = [
    ("resources=VCPU:1,MEMORY_MB:256", "1.10"),
    ("resources=VCPU:2&required=HW_CPU_X86_AVX2", "1.17"),
    ("resources=VCPU:1,DISK_GB:10&required=!STORAGE_DISK_SSD", "1.22"),
    ("resources=MEMORY_MB:512&member_of=in:aaaaaaaa-0000-4000-8000-000000000001", "1.21"),
]
VERSIONS = ["1.10", "1.12", "1.17", "1.21", "1.22", "1.27", "1.29", "1.34", "1.39"]


@pytest.fixture
def flat_cloud(db):
    """Twelve root providers with fractional ratios, reserved amounts, usage, traits and aggregates."""
    rng = random.Random(7)
    for index in range(12):
        rp = provider(
            f"cn{index}",
            inventory={"VCPU": {"total": 8, "reserved": index % 3, "allocation_ratio": 1.7, "max_unit": 8},
                       "MEMORY_MB": {"total": 4096, "reserved": 512, "allocation_ratio": 1.5, "max_unit": 4096},
                       "DISK_GB": {"total": 100, "max_unit": 100}},
            traits=rng.sample(TRAITS, rng.randint(0, 3)),
            aggregates=["aaaaaaaa-0000-4000-8000-000000000001"] if index % 2 else [],
        )
        if index % 4 == 0:
            allocate(rp, "VCPU", 5)
            allocate(rp, "MEMORY_MB", 1024)


@pytest.mark.parametrize(("query", "version"), [
    (query, version) for query, since in QUERIES for version in VERSIONS
    if tuple(map(int, version.split("."))) >= tuple(map(int, since.split(".")))])
def test_the_flat_shortcut_answers_exactly_as_the_general_path(placement_api, flat_cloud, monkeypatch, query,
                                                                version):
    # Given a flat cloud, when the same request is answered with and without the shortcut
    shortcut = placement_api.get(f"/allocation_candidates?{query}", version=version)
    monkeypatch.setattr(engine, "_flat", lambda *args: False)
    general = placement_api.get(f"/allocation_candidates?{query}", version=version)
    # then the bodies are the same (summaries' traits in name order on both)
    assert shortcut.status_code == general.status_code == 200
    assert shortcut.json() == general.json()
    assert shortcut.json()["allocation_requests"], "the query should find candidates"
