"""PAdES signatures with pyHanko: one code path for keys in encrypted files and keys on
a PKCS#11 token (settings.DOCUMENTS_PKCS11 chooses).

A signer exists only for the act that unlocked it: an official's key is unlocked by the
password they re-enter when deciding; the issuing service's key by its passphrase from
settings (only its certification is automatic). A revoked or expired certificate signs
nothing.
"""

import secrets
from dataclasses import dataclass
from io import BytesIO

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from pyhanko.keys import load_private_key_from_pemder_data
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import MDPPerm, SigFieldSpec, SigSeedSubFilter
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from . import pki
from .models import SigningCertificate


class SigningRefused(Exception):
    """The key could not be used: wrong password, revoked or expired certificate."""


@dataclass
class UnlockedSigner:
    certificate: SigningCertificate
    signer: signers.Signer

    @property
    def name(self) -> str:
        return self.certificate.common_name


def _asn1(certificate: SigningCertificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.x509.public_bytes(Encoding.DER))


def _check_usable(certificate: SigningCertificate) -> None:
    certificate.refresh_from_db(fields=["revoked_at"])
    now = timezone.now()
    if certificate.revoked_at is not None:
        raise SigningRefused("This signing certificate has been revoked.")
    if not certificate.not_before <= now < certificate.not_after:
        raise SigningRefused("This signing certificate is not valid today.")


def unlock(certificate: SigningCertificate, passphrase: str) -> UnlockedSigner:
    """Unlock a key for one act of signing."""
    _check_usable(certificate)
    chain = SimpleCertificateStore.from_certs([_asn1(pki.authority())])
    if certificate.key_store == SigningCertificate.KeyStore.PKCS11:
        return UnlockedSigner(certificate, _pkcs11_signer(certificate, chain))
    try:
        key_bytes = (pki._key_dir() / certificate.key_file).read_bytes()
        key = load_private_key_from_pemder_data(key_bytes, passphrase.encode())
    except (ValueError, TypeError, FileNotFoundError, OSError) as error:
        raise SigningRefused("The password does not unlock the signing key.") from error
    return UnlockedSigner(certificate, signers.SimpleSigner(
        signing_cert=_asn1(certificate), signing_key=key, cert_registry=chain))


_pkcs11_sessions: dict = {}


def pkcs11_session():
    """One session per process with the configured token."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    config = settings.DOCUMENTS_PKCS11
    key = (config["module"], config["token_label"])
    if key not in _pkcs11_sessions:
        _pkcs11_sessions[key] = open_pkcs11_session(
            config["module"], token_criteria=TokenCriteria(label=config["token_label"]),
            user_pin=config["user_pin"])
    return _pkcs11_sessions[key]


def _pkcs11_signer(certificate: SigningCertificate, chain) -> signers.Signer:
    from pyhanko.sign.pkcs11 import PKCS11Signer

    return PKCS11Signer(pkcs11_session(), key_label=certificate.pkcs11_label,
                        signing_cert=_asn1(certificate), ca_chain=list(chain))


def unlock_service() -> UnlockedSigner:
    """The issuing service's key: on a PKCS#11 token when configured, else its file."""
    return unlock(pki.service_certificate(), settings.DOCUMENTS_SERVICE_PASSPHRASE)


def unlock_official(person, password: str) -> UnlockedSigner:
    certificate = pki.current_certificate(person)
    if certificate is None:
        raise SigningRefused("You have no valid signing certificate.")
    return unlock(certificate, password)


def sign(pdf: bytes, signer: UnlockedSigner, *, field: str, reason: str, stamp: str,
         box: tuple[int, int, int, int], certify: bool = False,
         prepare_fields: tuple[tuple[str, tuple[int, int, int, int]], ...] = ()) -> bytes:
    """Add a visible PAdES signature in `field` (created, or filled when it exists).

    With `certify`, a certification signature that still allows the later signatures:
    `prepare_fields` are the empty fields they will fill (DocMDP: form filling).
    """
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    for name, field_box in prepare_fields:
        fields.append_signature_field(writer, SigFieldSpec(name, on_page=0, box=field_box))
    existing = {name for name, _value, _ref in fields.enumerate_sig_fields(writer)}
    metadata = signers.PdfSignatureMetadata(
        field_name=field, reason=reason, name=signer.name, md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES, certify=certify,
        docmdp_permissions=MDPPerm.FILL_FORMS,
    )
    pdf_signer = signers.PdfSigner(
        metadata, signer=signer.signer,
        stamp_style=TextStampStyle(
            stamp_text=stamp, border_width=1,
            # An embedded TrueType font: pyHanko's default Courier breaks PDF/A.
            text_box_style=TextBoxStyle(
                font=GlyphAccumulatorFactory(settings.DOCUMENTS_STAMP_FONT), font_size=7)),
        new_field_spec=None if field in existing else SigFieldSpec(field, on_page=0, box=box),
    )
    return outside_event_loop(lambda: pdf_signer.sign_pdf(writer).getvalue())


def outside_event_loop(work):
    """pyHanko's synchronous calls run their own event loop (asyncio.run), which cannot
    start in a thread that already runs one (an ASGI worker, a test driving a browser):
    there the work goes to a short-lived thread of its own."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


# Bulk approval ------------------------------------------------------------------------
# The password entered for a bulk approval unlocks the official's key once; the job gets
# it re-encrypted under a one-time secret, held in the cache for that job only, and
# dropped when the job ends (or expires within the hour).

@dataclass
class Grant:
    certificate: SigningCertificate
    secret: str
    encrypted_key: bytes


def grant_for_job(person, password: str) -> Grant:
    certificate = pki.current_certificate(person)
    if certificate is None:
        raise SigningRefused("You have no valid signing certificate.")
    _check_usable(certificate)
    try:
        key = pki.load_private_key(certificate, password)
    except pki.CertificateError as error:
        raise SigningRefused("The password does not unlock the signing key.") from error
    secret = secrets.token_urlsafe(32)
    return Grant(certificate, secret, pki._encrypted_pem(key, secret))


def hold_grant(name: str, grant: Grant) -> None:
    cache.set(name, {"certificate": grant.certificate.pk, "key": grant.encrypted_key},
              timeout=3600)


def take_grant(name: str, secret: str, person) -> UnlockedSigner:
    held = cache.get(name)
    if held is None:
        raise SigningRefused("The approval's signing permission has expired.")
    certificate = SigningCertificate.objects.get(pk=held["certificate"], person=person)
    _check_usable(certificate)
    try:
        key = load_private_key_from_pemder_data(held["key"], secret.encode())
    except (ValueError, TypeError) as error:
        raise SigningRefused("The approval's signing permission is not valid.") from error
    chain = SimpleCertificateStore.from_certs([_asn1(pki.authority())])
    return UnlockedSigner(certificate, signers.SimpleSigner(
        signing_cert=_asn1(certificate), signing_key=key, cert_registry=chain))


def drop_grant(name: str) -> None:
    cache.delete(name)
