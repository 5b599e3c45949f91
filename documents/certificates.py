"""Setting up signing for a deployment or the demo: the authority, the issuing service,
and a certificate for every official who decides."""

from django.conf import settings

from approvals.models import User
from approvals.roles import Role

from . import pki
from .models import SigningCertificate

SIGNING_ROLES = (Role.MINISTRY_OFFICIAL, Role.COORDINATION_OFFICER, Role.LOGISTICS_STAFF)


def ensure_authority_and_service() -> None:
    if not SigningCertificate.objects.filter(kind=SigningCertificate.Kind.AUTHORITY,
                                             revoked_at__isnull=True).exists():
        pki.create_authority(passphrase=settings.DOCUMENTS_CA_PASSPHRASE)
        pki.publish_crl()
    if not SigningCertificate.objects.filter(kind=SigningCertificate.Kind.SERVICE,
                                             revoked_at__isnull=True).exists():
        pki.issue_certificate(kind=SigningCertificate.Kind.SERVICE,
                              key_passphrase=settings.DOCUMENTS_SERVICE_PASSPHRASE,
                              common_name="Returns and Reconstruction issuing service")


def ensure_official(person: User, password: str) -> SigningCertificate:
    return pki.current_certificate(person) or pki.issue_certificate(
        kind=SigningCertificate.Kind.OFFICIAL, person=person, key_passphrase=password)


def signing_officials():
    return User.objects.filter(is_active=True, memberships__role__in=SIGNING_ROLES).distinct()
