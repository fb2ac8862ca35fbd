"""Key pairs (Nova's `key_pairs` table): public keys that belong to a user, by name.

The private key of a generated pair is returned once by the API and never stored. `KeyPairOwner`
is one row per user who has ever had a key pair; creating a pair locks it, so concurrent creates
of one user are serialised and the key_pairs quota cannot be overshot.
"""
from django.db import models

SSH, X509 = "ssh", "x509"
TYPES = ((SSH, SSH), (X509, X509))


class KeyPair(models.Model):
    user_id = models.CharField(max_length=255, db_index=True)
    name = models.CharField(max_length=255)
    type = models.CharField(max_length=8, choices=TYPES, default=SSH)
    public_key = models.TextField()
    fingerprint = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user_id", "name"]
        constraints = [models.UniqueConstraint(fields=["user_id", "name"], name="keypair_unique_per_user")]

    def __str__(self):
        return f"{self.name} ({self.user_id})"


class KeyPairOwner(models.Model):
    """The lock row of a user's key pairs (see the module docstring)."""

    user_id = models.CharField(max_length=255, unique=True)

    def __str__(self):
        return self.user_id
