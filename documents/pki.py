"""The product's own certificate authority: keys, certificates, revocation.

Private keys never enter the database: each is a PKCS#8 file encrypted with its
holder's secret (an official's password, the service's or the authority's passphrase
from settings) in settings.DOCUMENTS_KEY_DIR, outside the repository. A key can live on
a PKCS#11 token instead (settings.DOCUMENTS_PKCS11), used by the same signing code.
RSA, not ECDSA: an ECDSA signature raises the file to PDF 2.0, inconsistent with PDF/A-3.
"""

import datetime
import os
import secrets
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import SigningCertificate

KEY_BITS = 2048
ORGANISATION = "Returns and Reconstruction"


class CertificateError(Exception):
    pass


def _new_key(bits: int = KEY_BITS) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _key_dir() -> Path:
    directory = Path(settings.DOCUMENTS_KEY_DIR)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _store_key(key: rsa.RSAPrivateKey, passphrase: str) -> str:
    filename = f"{secrets.token_hex(12)}.key.pem"
    path = _key_dir() / filename
    path.write_bytes(_encrypted_pem(key, passphrase))
    path.chmod(0o600)
    return filename


def _encrypted_pem(key, passphrase: str) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode()),
    )


def load_private_key(certificate: SigningCertificate, passphrase: str):
    """Unlock a file key; a wrong passphrase raises CertificateError."""
    try:
        return serialization.load_pem_private_key(
            (_key_dir() / certificate.key_file).read_bytes(), passphrase.encode()
        )
    except (ValueError, TypeError, FileNotFoundError) as error:
        raise CertificateError("The key could not be unlocked.") from error


def authority() -> SigningCertificate:
    found = SigningCertificate.objects.filter(
        kind=SigningCertificate.Kind.AUTHORITY, revoked_at__isnull=True
    ).order_by("-issued_at").first()
    if found is None:
        raise CertificateError("There is no certificate authority: run manage.py create_ca.")
    return found


@transaction.atomic
def create_authority(*, passphrase: str, common_name: str = f"{ORGANISATION} CA",
                     years: int = 10) -> SigningCertificate:
    key = _new_key(3072)
    now = timezone.now()
    name = _name(common_name)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    return _record(certificate, kind=SigningCertificate.Kind.AUTHORITY,
                   common_name=common_name, key_file=_store_key(key, passphrase))


def _record(certificate: x509.Certificate, **fields) -> SigningCertificate:
    return SigningCertificate.objects.create(
        serial=format(certificate.serial_number, "x"),
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
        not_before=certificate.not_valid_before_utc, not_after=certificate.not_valid_after_utc,
        **fields,
    )


def _issue(public_key, common_name: str, years: int):
    ca = authority()
    ca_key = load_private_key(ca, settings.DOCUMENTS_CA_PASSPHRASE)
    ca_certificate = ca.x509
    now = timezone.now()
    return (
        x509.CertificateBuilder()
        .subject_name(_name(common_name)).issuer_name(ca_certificate.subject)
        .public_key(public_key).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            ca_certificate.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


@transaction.atomic
def issue_certificate(*, kind: str, key_passphrase: str, person=None, common_name: str = "",
                      years: int = 3) -> SigningCertificate:
    """A new key (encrypted with `key_passphrase`) and a certificate from our authority.
    Any earlier certificate of the same holder is revoked as superseded."""
    common_name = common_name or (person.get_full_name() or person.username)
    key = _new_key()
    certificate = _issue(key.public_key(), common_name, years)
    for earlier in SigningCertificate.objects.filter(kind=kind, person=person,
                                                     revoked_at__isnull=True):
        revoke(certificate=earlier, reason="superseded")
    return _record(certificate, kind=kind, person=person, common_name=common_name,
                   key_file=_store_key(key, key_passphrase))


@transaction.atomic
def register_token_certificate(*, kind: str, public_key, token_label: str, common_name: str,
                               person=None, years: int = 3) -> SigningCertificate:
    """A certificate for a key held on a PKCS#11 token (generated there, never exported)."""
    certificate = _issue(public_key, common_name, years)
    return _record(certificate, kind=kind, person=person, common_name=common_name,
                   key_store=SigningCertificate.KeyStore.PKCS11, pkcs11_label=token_label)


@transaction.atomic
def revoke(*, certificate: SigningCertificate, reason: str = "unspecified") -> None:
    """A revoked certificate signs nothing; documents it signed no longer verify."""
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.revocation_reason = reason
        certificate.save(update_fields=["revoked_at", "revocation_reason"])
    publish_crl()


def publish_crl() -> None:
    """Sign the list of revoked certificates; verification reads the latest one."""
    ca = authority()
    ca_key = load_private_key(ca, settings.DOCUMENTS_CA_PASSPHRASE)
    now = timezone.now()
    builder = (x509.CertificateRevocationListBuilder().issuer_name(ca.x509.subject)
               .last_update(now).next_update(now + datetime.timedelta(days=7)))
    for revoked in SigningCertificate.objects.filter(revoked_at__isnull=False).exclude(
            kind=SigningCertificate.Kind.AUTHORITY):
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(int(revoked.serial, 16))
            .revocation_date(revoked.revoked_at).build())
    crl = builder.sign(ca_key, hashes.SHA256())
    ca.crl_der = crl.public_bytes(serialization.Encoding.DER)
    ca.save(update_fields=["crl_der"])


def current_certificate(person) -> SigningCertificate | None:
    now = timezone.now()
    return SigningCertificate.objects.filter(
        kind=SigningCertificate.Kind.OFFICIAL, person=person, revoked_at__isnull=True,
        not_before__lte=now, not_after__gt=now,
    ).order_by("-issued_at").first()


def service_certificate() -> SigningCertificate:
    now = timezone.now()
    found = SigningCertificate.objects.filter(
        kind=SigningCertificate.Kind.SERVICE, revoked_at__isnull=True, not_after__gt=now,
    ).order_by("-issued_at").first()
    if found is None:
        raise CertificateError("The issuing service has no certificate: "
                               "run manage.py issue_certificate --service.")
    return found


def reencrypt_key(*, certificate: SigningCertificate, old: str, new: str) -> None:
    """A password change re-encrypts the official's key with the new password."""
    if certificate.key_store != SigningCertificate.KeyStore.FILE:
        return
    key = load_private_key(certificate, old)
    path = _key_dir() / certificate.key_file
    pending = path.with_suffix(".pending")
    pending.write_bytes(_encrypted_pem(key, new))
    pending.chmod(0o600)
    # The new key file replaces the old in one rename, once the new password is stored.
    transaction.on_commit(lambda: os.replace(pending, path))
