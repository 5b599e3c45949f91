"""Pages of returnee cases and reports. Personal data never goes into a URL: cases are
addressed by their integer key, and names travel only in POST bodies."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from approvals import selectors as authority
from approvals.models import Checkpoint, Town
from approvals.roles import Role
from workflows import returns as case_flow
from workflows.services import ActionRefused

from . import case_selectors as selectors
from . import returns
from .models import (
    ConsentDeclaration,
    ForcedReturnReport,
    HouseholdMember,
    IdentityDocument,
    OfficeVisit,
    ReturneeCase,
)

MEMBER_ROWS = 8


class CaseListView(ListView):
    template_name = "returns/case_list.html"
    context_object_name = "cases"
    paginate_by = 50

    def get_queryset(self):
        return selectors.case_list(self.request.user, status=self.request.GET.get("status", ""))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=ReturneeCase.Status.choices,
            can_register=authority.organisations_where(
                self.request.user, Role.RECEPTION_OFFICER).filter(checkpoint__isnull=False)
            .exists(), **kwargs)


class CaseForm(forms.Form):
    checkpoint = forms.ModelChoiceField(label=gettext_lazy("Checkpoint"),
                                        queryset=Checkpoint.objects.none())
    destination = forms.ModelChoiceField(label=gettext_lazy("Destination town"),
                                         queryset=Town.objects.all())
    country_from = forms.ChoiceField(label=gettext_lazy("Returning from"),
                                     choices=ReturneeCase.Country.choices)
    language = forms.ChoiceField(label=gettext_lazy("The household's language"),
                                 choices=ReturneeCase._meta.get_field("language").choices)
    needs_transport = forms.BooleanField(label=gettext_lazy("Needs transport"), required=False)
    needs_medical = forms.BooleanField(label=gettext_lazy("Needs medical help"), required=False)
    needs_material_support = forms.BooleanField(label=gettext_lazy("Needs material support"),
                                                required=False)
    vehicles = forms.IntegerField(label=gettext_lazy("Vehicles"), min_value=0, max_value=20,
                                  initial=0)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checkpoint"].queryset = Checkpoint.objects.filter(
            reception_office__in=authority.organisations_where(user, Role.RECEPTION_OFFICER))


class CaseRegisterView(TemplateView):
    template_name = "returns/case_register.html"

    def get_context_data(self, form=None, problems=(), **kwargs):
        return super().get_context_data(
            form=form or CaseForm(user=self.request.user), rows=range(MEMBER_ROWS),
            posted=self.request.POST, problems=problems,
            sexes=HouseholdMember.Sex.choices,
            relationships=HouseholdMember.Relationship.choices,
            document_kinds=IdentityDocument.Kind.choices,
            countries=ReturneeCase.Country.choices, **kwargs)

    def post(self, request):
        form = CaseForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(
                form, [_("Check the household's details.")]), status=422)
        members = []
        for row in range(MEMBER_ROWS):
            name = request.POST.get(f"name_{row}", "").strip()
            if not name:
                continue
            year = request.POST.get(f"year_{row}", "")
            documents = []
            if request.POST.get(f"doc_number_{row}", "").strip():
                documents.append(returns.DocumentInput(
                    kind=request.POST.get(f"doc_kind_{row}", ""),
                    number=request.POST.get(f"doc_number_{row}", ""),
                    issuing_country=request.POST.get(f"doc_country_{row}", "XX")))
            members.append(returns.MemberInput(
                name=name, sex=request.POST.get(f"sex_{row}", ""),
                year_of_birth=int(year) if year.isdigit() else 0,
                relationship=request.POST.get(f"relationship_{row}", ""), documents=documents))
        try:
            case = returns.register_case(officer=request.user, members=members,
                                         **form.cleaned_data)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(form, error.messages),
                                           status=422)
        messages.success(request, _("Case %(number)s is registered. Next: the declaration of "
                                    "voluntary return.") % {"number": case.number})
        return redirect(case)


class CaseView(TemplateView):
    """The case, as much of it as the person needs; and the acts open to them."""

    template_name = "returns/case_detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.case = selectors.get_case_for_user(request.user, kwargs["pk"])
        self.access = selectors.access_to(request.user, self.case)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        case, access = self.case, self.access
        members = list(case.members.prefetch_related("documents")) if access.details \
            else list(case.members.only("name", "case"))
        done = set(case.visits.values_list("office", flat=True))
        next_office = next((office for office in OfficeVisit.Office if office not in done), None)
        return super().get_context_data(
            case=case, access=access, members=members,
            visits=case.visits.select_related("done_by") if access.details else [],
            medical_notes=case.medical_notes.all() if access.medical else [],
            declarations=case.declarations.select_related("witness", "document")
            if access.details else [],
            declaration=returns.valid_declaration(case),
            town_answers=case.town_answers.select_related("town"),
            crossing=getattr(case, "crossing", None),
            documents=case.documents.order_by("created_at"),
            events=case.events.select_related("actor"),
            open_steps={step: case_flow.open_task(case, step) is not None for step in
                        ("town_consent", "crossing", "arrival", "coordination_review")},
            next_office=next_office, methods=ConsentDeclaration.Method.choices,
            languages=ReturneeCase._meta.get_field("language").choices,
            towns=Town.objects.exclude(pk=case.destination_id),
            report_kinds=ForcedReturnReport.Kind.choices,
            **kwargs)

    def post(self, request, pk):
        case, access, action = self.case, self.access, request.POST.get("action", "")
        post = request.POST
        try:
            if action == "declare" and access.act_at_checkpoint:
                case_flow.declare(case=case, officer=request.user, method=post.get("method", ""),
                                  language=post.get("language", "ar"),
                                  handbook_offered=post.get("handbook_offered") == "on",
                                  signed_scan=request.FILES.get("signed_scan"))
                messages.success(request, _("The declaration is recorded."))
            elif action == "visit" and access.details:
                returns.record_visit(case=case, officer=request.user,
                                     office=int(post.get("office", "0") or 0),
                                     note=post.get("note", ""))
            elif action == "medical_note" and access.medical:
                returns.add_medical_note(case=case, officer=request.user,
                                         text=post.get("text", ""))
            elif action in ("consent", "refuse") and access.act_for_town:
                case_flow.town_answer(case=case, actor=request.user,
                                      consent=action == "consent", reason=post.get("reason", ""))
            elif action == "schedule" and access.act_at_checkpoint:
                try:
                    date = datetime.date.fromisoformat(post.get("date", ""))
                except ValueError as error:
                    raise ValidationError(_("Choose a date.")) from error
                vehicles = post.get("vehicles", "0")
                case_flow.schedule_crossing(case=case, officer=request.user, date=date,
                                            vehicles=int(vehicles) if vehicles.isdigit() else 0)
            elif action == "arrived" and access.act_for_town:
                case_flow.confirm_arrival(case=case, actor=request.user)
                messages.success(request, _("Arrival confirmed; the registration certificate "
                                            "is issued."))
            elif action == "review" and access.coordinate:
                town = Town.objects.filter(pk=post.get("destination") or 0).first()
                case_flow.coordination_review(case=case, officer=request.user,
                                              new_destination=town, note=post.get("note", ""))
            elif action == "withdraw" and (access.act_at_checkpoint or access.act_for_town):
                case_flow.withdraw(case=case, actor=request.user, note=post.get("note", ""))
                messages.success(request, _("Consent withdrawn: the case has stopped."))
            else:
                raise PermissionDenied
        except (ValidationError, ActionRefused) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, text)
            return self.render_to_response(self.get_context_data(), status=422)
        return redirect(case)


class CaseDocumentView(View):
    def get(self, request, pk, document_pk):
        case = selectors.get_case_for_user(request.user, pk, what=f"document:{document_pk}")
        document = get_object_or_404(case.documents, pk=document_pk)
        return FileResponse(document.file.open("rb"), content_type="application/pdf",
                            filename=f"{document.verification_id}.pdf")


class CountsView(TemplateView):
    template_name = "returns/counts.html"

    def get_context_data(self, **kwargs):
        day_ago = timezone.now() - datetime.timedelta(hours=24)
        return super().get_context_data(last_day=selectors.counts(since=day_ago),
                                        total=selectors.counts(), **kwargs)


class ReportsView(TemplateView):
    """Reports of forced or denied return: anyone files; the duty shift acts."""

    template_name = "returns/reports.html"

    def get_context_data(self, **kwargs):
        duty = authority.organisations_where(self.request.user, Role.DUTY_SHIFT).exists()
        reports = (ForcedReturnReport.objects.select_related("filed_by", "checkpoint", "case")
                   .prefetch_related("steps__actor") if duty else
                   ForcedReturnReport.objects.filter(filed_by=self.request.user)
                   .prefetch_related("steps__actor"))
        for report in reports:
            report.state = returns.report_state(report)
        return super().get_context_data(
            duty=duty, reports=reports, kinds=ForcedReturnReport.Kind.choices,
            checkpoints=Checkpoint.objects.all(), now=timezone.now(), **kwargs)

    def post(self, request):
        post = request.POST
        try:
            if post.get("action") == "file":
                checkpoint = Checkpoint.objects.filter(pk=post.get("checkpoint") or 0).first()
                returns.file_report(staff=request.user, kind=post.get("kind", ""),
                                    account=post.get("account", ""), checkpoint=checkpoint)
                messages.success(request, _("The report is filed; the duty shift has 24 hours."))
            else:
                report = get_object_or_404(ForcedReturnReport, pk=post.get("report") or 0)
                returns.act_on_report(report=report, officer=request.user,
                                      step=post.get("action", ""), note=post.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(), status=422)
        return redirect("returns:reports:index")


class AccessLogView(ListView):
    template_name = "returns/access_log.html"
    context_object_name = "entries"
    paginate_by = 100

    def dispatch(self, request, *args, **kwargs):
        if not selectors.may_read_access_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.access_log()



class DeclarationFormView(View):
    """The declaration to print and have signed by hand (not stored, not signed: the
    record is made when the signed copy comes back or the returnee confirms in person)."""

    def get(self, request, pk):
        from django.http import HttpResponse

        from documents.rendering import render_pdf
        from documents.services import PRINCIPLES

        case = selectors.get_case_for_user(request.user, pk, what="declaration_form")
        if not selectors.access_to(request.user, case).act_at_checkpoint:
            raise PermissionDenied
        language = request.GET.get("language", case.language)
        if language not in dict(ReturneeCase._meta.get_field("language").choices):
            language = case.language
        pdf = render_pdf("documents/declaration.html", {
            "case": case, "members": list(case.members.all()), "principles": PRINCIPLES,
            "url": "", "qr": "", "handbook_offered": True, "today": timezone.localdate(),
        }, language=language, data={"document": "declaration_form", "case": case.number})
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="declaration-{case.number}.pdf"'
        return response
