from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from approvals import selectors as authority
from approvals.models import Organisation
from approvals.roles import OrganisationKind, Role

from . import handbook
from .models import HandbookDistribution, HandbookSection, HandbookVersion


@method_decorator(login_not_required, name="dispatch")
class PublicHandbookView(View):
    """/handbook/: the version in force per language, older ones kept as superseded."""

    def get(self, request):
        versions = HandbookVersion.objects.filter(number__isnull=False).prefetch_related(
            "documents").order_by("-number")
        return render(request, "documents/handbook_public.html", {"versions": versions})


@method_decorator(login_not_required, name="dispatch")
class HandbookFileView(View):
    def get(self, request, number, language):
        version = get_object_or_404(HandbookVersion, number=number)
        document = version.documents.filter(language=language).first()
        if document is None:
            raise Http404
        return FileResponse(document.file.open("rb"), content_type="application/pdf",
                            filename=f"handbook-v{number}-{language}.pdf")


class HandbookDeskView(TemplateView):
    """Authoring (foreign affairs), review (JCC), distribution and acknowledgement."""

    template_name = "documents/handbook_desk.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        open_version = HandbookVersion.objects.filter(status__in=[
            HandbookVersion.Status.IN_REVIEW, HandbookVersion.Status.RETURNED]).first()
        return super().get_context_data(
            status=handbook.draft_status(), languages=settings.LANGUAGES,
            author=authority.organisations_where(user, Role.FOREIGN_AFFAIRS_OFFICIAL).exists(),
            reviewer=authority.organisations_where(user, Role.COORDINATION_OFFICER).exists(),
            open_version=open_version,
            comments=open_version.comments.select_related("section", "author")
            if open_version else [],
            current=handbook.current_version(),
            recipients=Organisation.objects.filter(kind__in=[
                OrganisationKind.EMBASSY, OrganisationKind.RECEPTION_OFFICE]),
            distributions=HandbookDistribution.objects.select_related("version", "recipient")
            .filter(recipient__in=authority.organisations_where(user)),
            superseded=handbook.holders_of_superseded(),
            sections=HandbookSection.objects.all(), **kwargs)

    def post(self, request):
        action, post = request.POST.get("action", ""), request.POST
        try:
            if action == "submit":
                handbook.submit(actor=request.user)
                messages.success(request, _("The handbook is with the JCC for review."))
            elif action in ("approve", "return", "comment"):
                version = get_object_or_404(HandbookVersion, pk=post.get("version") or 0)
                if action == "approve":
                    version = handbook.approve(version=version, actor=request.user)
                    messages.success(request, _("Version %(number)d is published.")
                                     % {"number": version.number})
                elif action == "return":
                    handbook.return_for_changes(version=version, actor=request.user)
                else:
                    handbook.comment(version=version, author=request.user, text=post.get("text"),
                                     section=get_object_or_404(HandbookSection,
                                                               pk=post.get("section") or 0))
            elif action == "add_section":
                handbook.add_section(actor=request.user, key=post.get("key", "").strip())
            elif action == "send":
                handbook.send(actor=request.user, version=handbook.current_version(),
                              recipient=get_object_or_404(Organisation,
                                                          pk=post.get("recipient") or 0),
                              language=post.get("language", "ar"),
                              copies=int(post["copies"]) if post.get("copies", "").isdigit()
                              else 1)
            elif action == "acknowledge":
                handbook.acknowledge(actor=request.user, distribution=get_object_or_404(
                    HandbookDistribution, pk=post.get("distribution") or 0))
            else:
                raise PermissionDenied
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(), status=422)
        return redirect("directory:handbook:index")


class SectionEditView(TemplateView):
    template_name = "documents/handbook_section.html"

    def dispatch(self, request, *args, **kwargs):
        handbook.require_author(request.user)
        self.section = get_object_or_404(HandbookSection, pk=kwargs["pk"])
        self.language = kwargs["language"]
        if self.language not in dict(settings.LANGUAGES):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.pop("language", None)  # the URL's, kept as self.language
        text = self.section.texts.filter(language=self.language).first()
        others = self.section.texts.exclude(language=self.language)
        return super().get_context_data(section=self.section, language=self.language,
                                         text=text, others=others, **kwargs)

    def post(self, request, pk, language):
        try:
            handbook.save_text(actor=request.user, section=self.section, language=language,
                               title=request.POST.get("title", ""),
                               body=request.POST.get("body", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(), status=422)
        messages.success(request, _("Saved."))
        return redirect("directory:handbook:index")
