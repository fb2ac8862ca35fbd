"""Fingerprints and generated key pairs, computed as Nova computes them (nova.crypto).

ssh: the MD5 of the key blob, colon-separated hex; x509: the SHA-1 of the certificate. A generated
ssh pair is 2048-bit RSA, its public key commented `Generated-by-Nova` and its private key PEM
(`BEGIN RSA PRIVATE KEY`), as paramiko writes it for Nova; a generated x509 pair is a self-signed
client certificate for WinRM, as Nova's generate_winrm_x509_cert makes it.
"""
import base64
import binascii
import hashlib
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from keypairs.exceptions import InvalidKeypair

RSA_BITS = 2048


def _colons(hex_digest: str) -> str:
    return ":".join(a + b for a, b in zip(hex_digest[::2], hex_digest[1::2], strict=True))


def ssh_fingerprint(public_key: str) -> str:
    """The key must be one `cryptography` loads (RSA, ECDSA, ed25519...); else Nova's 400."""
    try:
        serialization.load_ssh_public_key(public_key.encode("utf-8"))
        blob = base64.b64decode(public_key.split(" ")[1])
    except (ValueError, TypeError, IndexError, binascii.Error, UnsupportedAlgorithm):
        raise InvalidKeypair("failed to generate fingerprint") from None
    return _colons(hashlib.md5(blob, usedforsecurity=False).hexdigest())


def x509_fingerprint(pem: str) -> str:
    try:
        certificate = x509.load_pem_x509_certificate(pem.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        raise InvalidKeypair(f"failed to generate X509 fingerprint. Error message: {exc}") from None
    return _colons(binascii.hexlify(certificate.fingerprint(hashes.SHA1())).decode("ascii"))


def generate_ssh() -> tuple[str, str]:
    """(private key PEM, public key line) of a new RSA pair."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode("ascii")
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return private, f"{public.decode('ascii')} Generated-by-Nova"


def generate_x509(user_id: str) -> tuple[str, str]:
    """(private key PEM, certificate PEM): a ten-year self-signed client certificate for `user_id`."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, user_id)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName([x509.OtherName(
            x509.ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"), _utf8_string(f"{user_id}@localhost"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode("ascii")
    return private, certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _utf8_string(text: str) -> bytes:
    """DER UTF8String, the value of the Microsoft UPN other name WinRM maps to a user."""
    data = text.encode("utf-8")
    size = len(data).to_bytes((len(data).bit_length() + 7) // 8 or 1, "big")
    length = size if len(data) < 128 else bytes([0x80 | len(size)]) + size
    return b"\x0c" + length + data
