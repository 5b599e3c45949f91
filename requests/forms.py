from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Unit


class ApplicationForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the materials are for: which buildings, what work."),
    )
    # Offered as a list, checked by requests.validation like everything else, so that a
    # wrong choice gets the same clear message as every other problem.
    supplements = forms.CharField(
        label=_("In addition to an earlier request"), required=False, widget=forms.Select
    )

    def __init__(self, *args, earlier=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplements"].widget.choices = [("", _("— none —"))] + [
            (application.pk, f"{application.number} ({application.get_status_display()})")
            for application in earlier
        ]


class LineForm(forms.Form):
    """One line as typed. Validation of the whole application is in requests.validation,
    so that every problem is listed at once."""

    material = forms.CharField(label=_("Material"), required=False)
    site = forms.CharField(label=_("Site"), required=False)
    quantity = forms.CharField(label=_("Quantity"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False,
                             choices=[("", "—")] + list(Unit.choices))
    note = forms.CharField(label=_("Note"), required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(str(data.get(name) or "").strip()
                       for name in ("material", "site", "quantity", "note"))


LineFormSet = forms.formset_factory(LineForm, extra=3, max_num=200, validate_max=True)
