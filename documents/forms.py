from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction

from . import pki


class SigningPasswordChangeForm(PasswordChangeForm):
    """Changing one's password re-encrypts one's signing key with it, in one transaction:
    the key is unlocked only by the password the person knows."""

    @transaction.atomic
    def save(self, commit=True):
        certificate = pki.current_certificate(self.user)
        if certificate is not None:
            pki.reencrypt_key(certificate=certificate, old=self.cleaned_data["old_password"],
                              new=self.cleaned_data["new_password1"])
        return super().save(commit=commit)
