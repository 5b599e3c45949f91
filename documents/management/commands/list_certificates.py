from django.core.management.base import BaseCommand

from documents.models import SigningCertificate


class Command(BaseCommand):
    help = "List signing certificates: kind, holder, serial, validity, revocation."

    def handle(self, *args, **options):
        for certificate in SigningCertificate.objects.select_related("person").order_by(
                "kind", "common_name", "-issued_at"):
            state = (f"revoked {certificate.revoked_at:%Y-%m-%d} ({certificate.revocation_reason})"
                     if certificate.revoked_at else "valid")
            self.stdout.write(
                f"{certificate.kind:9} {certificate.serial:36} {certificate.common_name[:40]:40} "
                f"{certificate.not_before:%Y-%m-%d}..{certificate.not_after:%Y-%m-%d} "
                f"{certificate.key_store:6} {state}")
