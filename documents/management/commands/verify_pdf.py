from pathlib import Path

from django.core.management.base import BaseCommand

from documents.verification import verify


class Command(BaseCommand):
    help = ("Verify a signed PDF against our certificate authority, with every embedded "
            "decision record. Exit status 0 only for a valid document.")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            self.stderr.write(f"No such file: {file}")
            raise SystemExit(2)
        verdict = verify(path.read_bytes(), path.name)
        self.stdout.write("\n".join(verdict.lines()))
        if not verdict.valid:
            raise SystemExit(1)
