from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from documents import pki
from documents.models import SigningCertificate


class Command(BaseCommand):
    help = ("Create the product's certificate authority; its key is encrypted with "
            "DOCUMENTS_CA_PASSPHRASE and kept in DOCUMENTS_KEY_DIR.")

    def add_arguments(self, parser):
        parser.add_argument("--name", default=f"{pki.ORGANISATION} CA")
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--replace", action="store_true",
                            help="Create a new authority even if one exists.")

    def handle(self, *args, name, years, replace, **options):
        if SigningCertificate.objects.filter(kind=SigningCertificate.Kind.AUTHORITY,
                                             revoked_at__isnull=True).exists() and not replace:
            raise CommandError("A certificate authority exists already (use --replace).")
        authority = pki.create_authority(passphrase=settings.DOCUMENTS_CA_PASSPHRASE,
                                         common_name=name, years=years)
        pki.publish_crl()
        self.stdout.write(f"Created {authority.common_name}, serial {authority.serial}, "
                          f"valid until {authority.not_after:%Y-%m-%d}.")
