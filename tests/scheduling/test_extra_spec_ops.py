"""The extra-spec operator matcher reads requirements as Nova does."""
import pytest

from scheduling.extra_spec_ops import match

CASES = [
    # value, requirement, expected
    ("QEMU", "QEMU", True),
    ("QEMU", "KVM", False),
    ("4", "= 4", True),
    ("8", "= 4", True),  # Nova's `=` means "at least"
    ("2", "= 4", False),
    ("4", "== 4.0", True),
    ("4", "!= 4", False),
    ("5", ">= 4", True),
    ("3", ">= 4", False),
    ("3", "<= 4", True),
    ("many", ">= 4", False),  # not a number: no match instead of an error
    ("abc", "s== abc", True),
    ("abc", "s!= abc", False),
    ("abc", "s< abd", True),
    ("abc", "s<= abc", True),
    ("abd", "s> abc", True),
    ("abc", "s>= abd", False),
    ("ssd,nvme", "<in> nvme", True),
    ("ssd", "<in> nvme", False),
    ("avx avx2 sse4", "<all-in> avx2 sse4", True),
    ("avx sse4", "<all-in> avx2 sse4", False),
    ("gold", "<or> silver <or> gold", True),
    ("bronze", "<or> silver <or> gold", False),
    ("silver", "<or> silver", True),
    (None, "<or> silver <or> gold", False),
    (None, ">= 1", False),
    ("5", ">=", False),  # an operator without an operand matches nothing
    ("", "", True),
]


@pytest.mark.parametrize(("value", "requirement", "expected"), CASES)
def test_a_requirement_matches_a_value_as_nova_reads_it(value, requirement, expected):
    assert match(value, requirement) is expected
