from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    # The folder shadows PyPI "requests" in this process: nothing here may import it.
    name = "requests"
    verbose_name = _("Requests")
