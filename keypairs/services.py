"""Key pairs of a user: import, generate, look up, page through and delete them."""
import contextlib
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from rest_framework.exceptions import ValidationError

from keypairs import crypto, quotas
from keypairs.exceptions import KeyPairExists, KeypairNotFound
from keypairs.models import SSH, X509, KeyPair, KeyPairOwner

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Created:
    keypair: KeyPair
    private_key: str | None  # only for a generated pair, returned once and never stored


def get(user_id: str, name: str) -> KeyPair:
    keypair = KeyPair.objects.filter(user_id=user_id, name=name).first()
    if keypair is None:
        raise KeypairNotFound(name, user_id)
    return keypair


def page(user_id: str, limit: int | None = None, marker: str | None = None) -> list[KeyPair]:
    """The user's pairs by name, after `marker` (a name, which must exist: else Nova's 400)."""
    keypairs = KeyPair.objects.filter(user_id=user_id).order_by("name")
    if marker is not None:
        if not keypairs.filter(name=marker).exists():
            raise ValidationError({"detail": f"Marker {marker} could not be found."})
        keypairs = keypairs.filter(name__gt=marker)
    return list(keypairs if limit is None else keypairs[:limit])


def create(context, user_id: str, name: str, key_type: str = SSH, public_key: str | None = None) -> Created:
    """Import `public_key`, or generate a pair when it is None; 409 on a taken name, 403 over quota."""
    private_key = None
    if public_key is None:
        generate = crypto.generate_x509 if key_type == X509 else (lambda _user: crypto.generate_ssh())
        private_key, public_key = generate(user_id)
    fingerprint = crypto.x509_fingerprint(public_key) if key_type == X509 else crypto.ssh_fingerprint(public_key)
    try:
        with transaction.atomic():
            _lock_owner(user_id)
            if KeyPair.objects.filter(user_id=user_id, name=name).exists():
                raise KeyPairExists(name)
            quotas.check(context, user_id)
            keypair = KeyPair.objects.create(user_id=user_id, name=name, type=key_type, public_key=public_key,
                                             fingerprint=fingerprint)
    except IntegrityError:
        raise KeyPairExists(name) from None
    logger.info("key pair %s (%s, %s) %s for user %s", name, key_type, fingerprint,
                "generated" if private_key else "imported", user_id)
    return Created(keypair, private_key)


def delete(keypair: KeyPair) -> None:
    logger.info("key pair %s of user %s deleted", keypair.name, keypair.user_id)
    keypair.delete()


def _lock_owner(user_id: str) -> None:
    """Lock the user's owner row (made on first use); an UPDATE takes the lock on every database."""
    if not KeyPairOwner.objects.filter(user_id=user_id).update(user_id=user_id):
        # In a savepoint: a concurrent first create may have made the row meanwhile.
        with contextlib.suppress(IntegrityError), transaction.atomic():
            KeyPairOwner.objects.create(user_id=user_id)
        KeyPairOwner.objects.filter(user_id=user_id).update(user_id=user_id)

