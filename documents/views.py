"""The public verification pages: /verify/ is printed on paper through the QR codes, so
its addresses are stable and need no log-in."""

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from .models import Document
from .verification import verify

MAX_UPLOAD = 20 * 1024 * 1024


@method_decorator(login_not_required, name="dispatch")
class VerifyUploadView(View):
    template_name = "documents/verify.html"

    def get(self, request):
        return render(request, self.template_name)

    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            return render(request, self.template_name,
                          {"error": _("Choose the PDF file to verify.")}, status=400)
        if upload.size > MAX_UPLOAD:
            return render(request, self.template_name,
                          {"error": _("The file is too large to be one of our documents.")},
                          status=400)
        data = upload.read()
        sha256 = hashlib.sha256(data).hexdigest()
        return render(request, self.template_name, {
            "verdict": verify(data, upload.name), "sha256": sha256, "filename": upload.name,
            "known": Document.objects.filter(sha256=sha256).first(),
        })


@method_decorator(login_not_required, name="dispatch")
class DocumentRecordView(View):
    def get(self, request, verification_id):
        document = get_object_or_404(Document, verification_id=verification_id)
        # The stored file is checked again on every visit: a certificate revoked since
        # issue shows here at once.
        with document.file.open("rb") as handle:
            verdict = verify(handle.read(), document.title)
        return render(request, "documents/record.html", {"document": document,
                                                         "verdict": verdict})
