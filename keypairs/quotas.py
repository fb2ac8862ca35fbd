"""The key_pairs quota: how many key pairs one user may have (Nova counts them per user).

`check` is the one place the limit is applied; it runs with the user's KeyPairOwner row locked,
so concurrent creates count each other. The limit is the project's (os-quota-sets), counted per user.
"""

from instances.quotas import limit
from keypairs.exceptions import KeypairLimitExceeded
from keypairs.models import KeyPair


def limit_for(context, user_id: str) -> int:
    """The caller's project's key_pairs limit (os-quota-sets, else the default class, else
    XCOMPUTE_QUOTA_KEY_PAIRS), applied per user as Nova does; -1 is unlimited."""
    return limit(context.project_id, "key_pairs")


def check(context, user_id: str, delta: int = 1) -> None:
    """Raise Nova's 403 unless `user_id` has room for `delta` more key pairs."""
    limit = limit_for(context, user_id)
    if limit >= 0 and KeyPair.objects.filter(user_id=user_id).count() + delta > limit:
        raise KeypairLimitExceeded()
