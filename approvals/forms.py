from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import User


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "notification_mode"]


class DelegationForm(forms.Form):
    acting = forms.ModelChoiceField(label=_("Acting approver"), queryset=User.objects.none())
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until (inclusive)"),
                              widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        if colleagues is not None:
            self.fields["acting"].queryset = colleagues
        self.fields["acting"].label_from_instance = (
            lambda person: person.get_full_name() or person.username
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and \
                cleaned["ends_on"] < cleaned["starts_on"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return cleaned
