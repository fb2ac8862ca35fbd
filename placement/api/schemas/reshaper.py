"""Request schemas of POST /reshaper (1.30), per microversion (a table for `wire.for_version`)."""
from placement.api.schemas import allocations, inventories


def _reshape(allocations_form: dict) -> dict:
    return {
        "type": "object",
        "properties": {
            # At least one provider's inventories, each as PUT .../inventories takes them.
            "inventories": {
                "type": "object",
                "minProperties": 1,
                "patternProperties": {allocations.UUID_PATTERN: inventories.REPLACE_ALL},
                "additionalProperties": False,
            },
            # As POST /allocations, but possibly empty: the moved inventory may hold no allocations.
            "allocations": {**allocations_form, "minProperties": 0},
        },
        "required": ["inventories", "allocations"],
        "additionalProperties": False,
    }


RESHAPE = (
    ("1.30", _reshape(allocations.POST_V1_28)),
    ("1.34", _reshape(allocations.POST_V1_34)),
    ("1.38", _reshape(allocations.POST_V1_38)),
)
