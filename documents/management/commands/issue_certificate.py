import getpass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from approvals.models import User
from documents import pki
from documents.models import SigningCertificate


class Command(BaseCommand):
    help = ("Issue a signing key and certificate: for an official (their key encrypted with "
            "their password, asked for or read from stdin) or for the issuing service.")

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--user", help="Username of the official.")
        target.add_argument("--service", action="store_true", help="The issuing service.")
        parser.add_argument("--password-stdin", action="store_true",
                            help="Read the official's password from standard input.")
        parser.add_argument("--pkcs11-label", default="",
                            help="With --service: the key is on the PKCS#11 token of "
                                 "DOCUMENTS_PKCS11 under this label (generated there).")
        parser.add_argument("--years", type=int, default=3)

    def handle(self, *args, user, service, password_stdin, pkcs11_label, years, **options):
        try:
            if service and pkcs11_label:
                certificate = _token_certificate(pkcs11_label, years)
            elif service:
                certificate = pki.issue_certificate(
                    kind=SigningCertificate.Kind.SERVICE, years=years,
                    key_passphrase=settings.DOCUMENTS_SERVICE_PASSPHRASE,
                    common_name=f"{pki.ORGANISATION} issuing service")
            else:
                person = User.objects.filter(username=user, is_active=True).first()
                if person is None:
                    raise CommandError(f"No active person {user!r}.")
                password = (self.stdin_line() if password_stdin
                            else getpass.getpass(f"Password of {user}: "))
                if not person.check_password(password):
                    raise CommandError("That is not the person's password; nothing issued.")
                certificate = pki.issue_certificate(
                    kind=SigningCertificate.Kind.OFFICIAL, person=person,
                    key_passphrase=password, years=years)
        except pki.CertificateError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Issued {certificate.common_name}, serial {certificate.serial}, "
                          f"valid until {certificate.not_after:%Y-%m-%d}.")

    def stdin_line(self) -> str:
        import sys

        return sys.stdin.readline().rstrip("\n")


def _token_certificate(label: str, years: int) -> SigningCertificate:
    """Generate the service key on the token (it never leaves it) and certify it."""
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from pkcs11.util.rsa import encode_rsa_public_key

    config = settings.DOCUMENTS_PKCS11
    if not config:
        raise CommandError("DOCUMENTS_PKCS11 is not configured.")
    token = pkcs11.lib(config["module"]).get_token(token_label=config["token_label"])
    with token.open(user_pin=config["user_pin"], rw=True) as session:
        public, _private = session.generate_keypair(pkcs11.KeyType.RSA, 2048, label=label,
                                                    store=True)
        public_der = encode_rsa_public_key(public)
    public_key = serialization.load_der_public_key(_spki(public_der))
    return pki.register_token_certificate(
        kind=SigningCertificate.Kind.SERVICE, public_key=public_key, token_label=label,
        common_name=f"{pki.ORGANISATION} issuing service (token)", years=years)


def _spki(rsa_public_key_der: bytes) -> bytes:
    from asn1crypto import keys

    return keys.PublicKeyInfo.wrap(keys.RSAPublicKey.load(rsa_public_key_der), "rsa").dump()
