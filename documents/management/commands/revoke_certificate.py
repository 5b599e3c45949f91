from django.core.management.base import BaseCommand, CommandError

from documents import pki
from documents.models import SigningCertificate


class Command(BaseCommand):
    help = ("Revoke a signing certificate: it signs nothing more, and what it signed "
            "no longer verifies.")

    def add_arguments(self, parser):
        parser.add_argument("serial",
                            help="Serial number (hexadecimal, as list_certificates shows).")
        parser.add_argument("--reason", default="unspecified")

    def handle(self, *args, serial, reason, **options):
        certificate = SigningCertificate.objects.filter(serial=serial.lower()).first()
        if certificate is None:
            raise CommandError(f"No certificate with serial {serial}.")
        if certificate.kind == SigningCertificate.Kind.AUTHORITY:
            raise CommandError("The authority itself is replaced with create_ca --replace.")
        pki.revoke(certificate=certificate, reason=reason)
        self.stdout.write(f"Revoked {certificate.common_name} ({certificate.serial}): {reason}.")
