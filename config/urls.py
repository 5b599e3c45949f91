from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import JavaScriptCatalog
from viewflow.contrib.auth import AuthViewset

from approvals.views import SwitchLanguageView
from documents.forms import SigningPasswordChangeForm
from documents.handbook_views import HandbookFileView, PublicHandbookView
from documents.views import DocumentRecordView, VerifyUploadView

from .site import site


class SigningAuthViewset(AuthViewset):
    def get_pass_change_view_kwargs(self, **kwargs):
        return super().get_pass_change_view_kwargs(form_class=SigningPasswordChangeForm, **kwargs)


urlpatterns = [
    path("accounts/", SigningAuthViewset(with_profile_view=False).urls),
    path("language/", login_not_required(SwitchLanguageView.as_view()), name="switch_language"),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # Public and stable: printed on paper through the QR codes.
    path("verify/", VerifyUploadView.as_view(), name="verify"),
    path("verify/<str:verification_id>/", DocumentRecordView.as_view(), name="verify_document"),
    path("handbook/", PublicHandbookView.as_view(), name="handbook"),
    path("handbook/<int:number>/<str:language>/", HandbookFileView.as_view(),
         name="handbook_file"),
    path("", site.urls),
]
