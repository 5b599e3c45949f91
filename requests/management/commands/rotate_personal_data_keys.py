from django.core.management.base import BaseCommand
from django.db import connection, transaction

from requests.models import IdentityDocument, MedicalNote
from requests.personal_data import rotate

ENCRYPTED = [(IdentityDocument, "number"), (MedicalNote, "text")]


class Command(BaseCommand):
    help = ("Re-encrypt personal data with the first key of PERSONAL_DATA_KEYS. Add the new "
            "key first in the setting, run this, then drop the old key.")

    @transaction.atomic
    def handle(self, *args, **options):
        for model, column in ENCRYPTED:
            table = connection.ops.quote_name(model._meta.db_table)
            quoted = connection.ops.quote_name(column)
            rows = model.objects.values_list("pk", flat=True)
            count = 0
            with connection.cursor() as cursor:
                for pk in rows.iterator():
                    cursor.execute(f"SELECT {quoted} FROM {table} WHERE id = %s", [pk])  # noqa: S608
                    token = cursor.fetchone()[0]
                    cursor.execute(f"UPDATE {table} SET {quoted} = %s WHERE id = %s",  # noqa: S608
                                   [rotate(token), pk])
                    count += 1
            self.stdout.write(f"{model._meta.verbose_name_plural}: {count} re-encrypted")
