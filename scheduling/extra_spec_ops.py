"""Nova's extra-spec operator matcher, written once for every filter that compares a spec to a host.

A requirement is either a plain string (exact string equality) or `<op> operand...`:

- numeric: `=` (at least: Nova reads `= 4` as `>= 4`), `==`, `!=`, `>=`, `<=`
- string: `s==`, `s!=`, `s<`, `s<=`, `s>`, `s>=`
- `<in> word` (word is a substring of the value), `<all-in> w1 w2 ...` (every word is)
- `<or> v1 <or> v2 ...` (the value equals one of the alternatives)

Where Nova raises on a numeric operator given a non-number, we answer "no match": a bad spec or
a bad aggregate value must reject the host, not crash the scheduler.
"""
import operator
from collections.abc import Callable

_NUMERIC: dict[str, Callable[[float, float], bool]] = {
    "=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    "<=": operator.le,
}
_STRING: dict[str, Callable[[str, str], bool]] = {
    "s==": operator.eq,
    "s!=": operator.ne,
    "s<": operator.lt,
    "s<=": operator.le,
    "s>": operator.gt,
    "s>=": operator.ge,
}
OPERATORS = frozenset(_NUMERIC) | frozenset(_STRING) | {"<in>", "<all-in>", "<or>"}


def match(value: str | None, requirement: str) -> bool:
    """Whether a host's `value` satisfies a flavor's `requirement` (see the module docstring)."""
    words = requirement.split()
    op = words[0] if words else None
    if op not in OPERATORS:
        return value == requirement
    operands = words[1:]
    if value is None or not operands:
        return False
    if op == "<or>":
        return value in _or_alternatives(operands)
    if op == "<in>":
        return operands[0] in value
    if op == "<all-in>":
        return all(word in value for word in operands)
    if op in _STRING:
        return _STRING[op](value, operands[0])
    return _compare_numbers(_NUMERIC[op], value, operands[0])


def _or_alternatives(operands: list[str]) -> set[str]:
    """`v1 <or> v2 <or> v3` -> {v1, v2, v3}: every other word, as Nova reads it."""
    return set(operands[::2])


def _compare_numbers(compare: Callable[[float, float], bool], value: str, operand: str) -> bool:
    try:
        return compare(float(value), float(operand))
    except ValueError:
        return False
