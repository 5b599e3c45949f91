"""Personal data at rest: ID document numbers and medical notes are encrypted in the
database (a raw SELECT shows ciphertext). Keys come from settings.PERSONAL_DATA_KEYS, the
first one encrypting; older keys still decrypt until `rotate_personal_data_keys` has
re-encrypted everything with the first."""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.PERSONAL_DATA_KEYS])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("Personal data could not be decrypted with the configured keys.") \
            from error


def rotate(token: str) -> str:
    return _fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; Python code sees the clear text."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)
